"""Administration under /<k>/admin/erfaringer/: the municipality's admins only."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.tenancy import get_scoped_or_404
from app.core.views import requires, save
from app.experiences import bp, queries, services
from app.experiences.forms import ConfirmForm, ExperienceForm
from app.experiences.models import Experience
from app.experiences.permissions import can_manage_experiences

manages = requires(can_manage_experiences)


def _to_edit(experience: Experience):
    return redirect(url_for(".admin_edit", experience_id=experience.id))


@bp.admin("/")
@manages
def admin_index():
    experiences = queries.experiences_of(g.municipality)
    return render_template("experiences/admin/index.html", experiences=experiences,
                           candidates=queries.candidates(g.municipality),
                           items=queries.refs_of(experiences))


def _item_or_404(kind_key: str, item_id: int):
    kind = queries.ITEM_KINDS.get(kind_key)
    item = queries.item_of(kind, item_id, g.municipality) if kind else None
    if item is None:
        abort(404)
    return kind, item


@bp.admin("/ny/<kind>/<int:item_id>", methods=["GET", "POST"])
@manages
def admin_new(kind: str, item_id: int):
    kind, item = _item_or_404(kind, item_id)
    existing = queries.experience_about(kind, item)
    if existing is not None:
        flash(_("This item already has an experience."), "info")
        return _to_edit(existing)
    if not queries.is_finished(kind, item):
        flash(_("An experience can only be written about a concluded consultation, a closed "
                "vote or a closed survey."), "error")
        return redirect(url_for(".admin_index"))
    form = ExperienceForm(data=queries.suggested_values(kind, item, g.municipality))
    if form.validate_on_submit():
        outcome = save(lambda: services.create_experience(
            item, current_user, g.municipality, kind, form.to_data()), form=form,
            success=_("The experience is saved as a draft. Publish it when it is ready."))
        if outcome:
            return _to_edit(outcome.value)
    return render_template("experiences/admin/edit.html", form=form, experience=None,
                           item=queries.ref_of(kind, item))


@bp.admin("/<int:experience_id>", methods=["GET", "POST"])
@manages
def admin_edit(experience_id: int):
    experience = get_scoped_or_404(Experience, experience_id)
    form = ExperienceForm(obj=experience, data={"sdgs": experience.sdgs,
                                                "theme": experience.theme or ""})
    if form.validate_on_submit():
        outcome = save(lambda: services.update_experience(experience, current_user,
                                                          form.to_data()),
                       form=form, success=_("The experience is saved."))
        if outcome:
            return _to_edit(experience)
    return render_template("experiences/admin/edit.html", form=form, experience=experience,
                           item=queries.ref_about(experience, g.municipality),
                           confirm_form=ConfirmForm())


def _change(experience_id: int, service, success: str):
    experience = get_scoped_or_404(Experience, experience_id)
    if ConfirmForm().validate_on_submit():
        save(lambda: service(experience, current_user), success=success)
    return _to_edit(experience)


@bp.admin("/<int:experience_id>/publiser", methods=["POST"])
@manages
def admin_publish(experience_id: int):
    return _change(experience_id, services.publish_experience,
                   _("The experience is published for the network."))


@bp.admin("/<int:experience_id>/avpubliser", methods=["POST"])
@manages
def admin_unpublish(experience_id: int):
    return _change(experience_id, services.unpublish_experience,
                   _("The experience is a draft again."))


@bp.admin("/<int:experience_id>/slett", methods=["POST"])
@manages
def admin_delete(experience_id: int):
    experience = get_scoped_or_404(Experience, experience_id)
    if ConfirmForm().validate_on_submit() and save(
            lambda: services.delete_experience(experience, current_user),
            success=_("The experience is deleted.")):
        return redirect(url_for(".admin_index"))
    return _to_edit(experience)
