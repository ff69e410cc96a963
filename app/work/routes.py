"""Mitt arbeid: a municipality's page for its staff, and the choice between municipalities."""
from __future__ import annotations

from flask import abort, g, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.core.views import mark_private, requires
from app.work import bp, chooser_bp, queries
from app.work.landing import landing_for
from app.work.permissions import can_see_work, staff_memberships
from app.work.tools import tools_for


@bp.public("/")
@requires(can_see_work)
def index():
    municipality = g.municipality
    queue, answers_waiting = queries.moderation_summary(municipality)
    return render_template(
        "work/index.html", queue=queue, answers_waiting=answers_waiting,
        consultations=queries.consultations(municipality),
        votes=queries.running_votes(municipality), surveys=queries.running_surveys(municipality),
        ideas=queries.ideas_to_answer(municipality), tools=tools_for(current_user, municipality),
        memberships=staff_memberships(current_user))


@chooser_bp.route("/")
@login_required
def choose():
    memberships = staff_memberships(current_user)
    if not memberships:
        abort(403)
    if len(memberships) == 1:
        return redirect(url_for("tenant.work.index",
                                municipality=memberships[0].municipality.slug))
    mark_private()
    return render_template("work/choose.html", memberships=memberships)


@bp.app_template_global()
def work_url(user) -> str | None:
    """The header's link to Mitt arbeid: this municipality's page for its staff, else the
    choice (or the one page) for staff elsewhere; None for everyone else."""
    municipality = g.get("municipality")
    if municipality is not None and can_see_work(user, municipality):
        return url_for("tenant.work.index", municipality=municipality.slug)
    return landing_for(user)
