"""The moderation queue and its actions, reports, blocks, settings and the audit log."""
from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlencode

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import format_timedelta, ngettext
from flask_login import current_user, login_required

from app.core.extensions import db
from app.moderation import bp, registry, services
from app.moderation.auditlog import audit_csv, audit_page
from app.moderation.forms import (
    BlockForm, BulkDecisionForm, DecisionForm, ReportForm, SettingsForm, UnblockForm,
)
from app.moderation.labels import DECISION_DONE, REPORT_REASONS, decision_done, state_label
from app.moderation.models import Block, Decision, ReportReason
from app.moderation.permissions import can_moderate, can_read_audit_log, can_report, can_see
from app.core.tenancy import get_scoped_or_404

PER_PAGE = 25


@bp.app_template_global()
def moderation_waiting(municipality) -> int:
    """The count for the header badge (moderators only)."""
    return services.count_waiting(municipality)


def page_url(page: int) -> str:
    """The current page's URL with another page number (`?side=`), other arguments kept."""
    args = request.args.to_dict(flat=True)
    args["side"] = str(page)
    args.pop("lang", None)
    return f"{request.path}?{urlencode(args)}"


def waiting_for(since) -> str:
    """How long an item has waited, in words ("3 days")."""
    if since is None:
        return ""
    if since.tzinfo is None:
        since = since.replace(tzinfo=timezone.utc)
    return format_timedelta(datetime.now(timezone.utc) - since, threshold=1)


@bp.app_context_processor
def _labels():
    return {"decision_done": decision_done, "moderation_state_label": state_label,
            "report_reason_labels": REPORT_REASONS, "page_url": page_url,
            "waiting_for": waiting_for}


def _require_moderator():
    if not can_moderate(current_user, g.municipality):
        abort(403)


def _load(type_key: str, object_id: int):
    kind = registry.get_type(type_key)
    if kind is None:
        abort(404)
    return kind, get_scoped_or_404(kind.model, object_id)


def _page() -> int:
    return max(1, request.args.get("side", 1, type=int) or 1)


@bp.route("/")
@login_required
def queue():
    _require_moderator()
    type_key = request.args.get("type") if registry.get_type(request.args.get("type", "")) else None
    page = _page()
    entries = services.queue(g.municipality, type_key=type_key, page=page, per_page=PER_PAGE)
    total = services.count_waiting(g.municipality, type_key)
    form = BulkDecisionForm(services.list_reasons(g.municipality))
    return render_template("moderation/queue.html", entries=entries, total=total, page=page,
                           per_page=PER_PAGE, type_key=type_key, types=registry.types(), form=form)


@bp.route("/handling", methods=["POST"])
@login_required
def bulk():
    _require_moderator()
    form = BulkDecisionForm(services.list_reasons(g.municipality))
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(str(e) for e in errors), "error")
        return redirect(url_for(".queue"))
    items = services.load_refs(g.municipality, form.items.data)
    done, skipped = services.decide_many(items, current_user, Decision(form.decision.data),
                                         form.reason_text())
    db.session.commit()
    if done:
        flash(ngettext("%(num)d item decided.", "%(num)d items decided.", done), "success")
    if skipped:
        flash(ngettext("%(num)d item was left as it was: the decision did not fit it, or it needs "
                       "a reason.", "%(num)d items were left as they were: the decision did not "
                       "fit them, or they need a reason.", len(skipped)), "error")
    return redirect(url_for(".queue"))


@bp.route("/<type_key>/<int:object_id>", methods=["GET", "POST"])
@login_required
def item(type_key: str, object_id: int):
    kind, obj = _load(type_key, object_id)
    _require_moderator()
    form = DecisionForm(services.allowed_decisions(obj), services.list_reasons(g.municipality))
    if form.validate_on_submit():
        try:
            services.decide(obj, current_user, Decision(form.decision.data), form.reason_text())
        except services.ModerationError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("The decision is saved and the author has been told."), "success")
            return redirect(url_for(".queue"))
    return render_template("moderation/item.html", kind=kind, obj=obj, form=form,
                           block_form=BlockForm(), reports=services.open_reports(obj),
                           history=services.history(obj), blocked=_blocked(obj))


def _blocked(obj) -> bool:
    from app.moderation.permissions import is_blocked

    return obj.author is not None and is_blocked(obj.author, g.municipality)


@bp.route("/<type_key>/<int:object_id>/blokker", methods=["POST"])
@login_required
def block(type_key: str, object_id: int):
    kind, obj = _load(type_key, object_id)
    _require_moderator()
    form = BlockForm()
    if not form.validate_on_submit():
        flash(_("Give a reason for the block."), "error")
    else:
        try:
            services.block_user(g.municipality, obj.author, current_user, form.reason.data)
        except services.ModerationError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("The user is blocked and can no longer post here."), "success")
    return redirect(url_for(".item", type_key=type_key, object_id=object_id))


@bp.route("/blokkerte")
@login_required
def blocks():
    _require_moderator()
    return render_template("moderation/blocks.html", blocks=services.list_blocks(g.municipality),
                           form=UnblockForm())


@bp.route("/blokkerte/<int:block_id>/opphev", methods=["POST"])
@login_required
def unblock(block_id: int):
    entry = get_scoped_or_404(Block, block_id)
    _require_moderator()
    if UnblockForm().validate_on_submit():
        services.unblock_user(entry, current_user, g.municipality)
        db.session.commit()
        flash(_("The block is lifted."), "success")
    return redirect(url_for(".blocks"))


@bp.route("/meld/<type_key>/<int:object_id>", methods=["GET", "POST"])
@login_required
def report(type_key: str, object_id: int):
    kind, obj = _load(type_key, object_id)
    if not can_see(current_user, obj, g.municipality):
        abort(404)
    if not can_report(current_user, obj, g.municipality):
        abort(403)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            services.report_item(obj, current_user, g.municipality,
                                 ReportReason(form.reason.data), form.text.data)
        except services.ModerationError as error:
            flash(str(error), "info")
        else:
            db.session.commit()
            flash(_("Thank you. The moderators will look at your report."), "success")
        return redirect(kind.public_url(obj))
    return render_template("moderation/report.html", kind=kind, obj=obj, form=form)


@bp.route("/innstillinger", methods=["GET", "POST"])
@login_required
def settings():
    if not can_read_audit_log(current_user, g.municipality):
        abort(403)
    current = services.settings_for(g.municipality)
    reasons = services.list_reasons(g.municipality)
    form = SettingsForm(report_threshold=current.report_threshold,
                        reasons="\n".join(r.text for r in reasons))
    if form.validate_on_submit():
        changed = services.update_settings(g.municipality, current_user,
                                           report_threshold=form.report_threshold.data,
                                           reasons=form.reason_lines())
        db.session.commit()
        flash(_("The settings are saved.") if changed else _("Nothing was changed."),
              "success" if changed else "info")
        return redirect(url_for(".settings"))
    db.session.commit()  # the default reasons, created on first visit
    return render_template("moderation/settings.html", form=form)


@bp.route("/logg")
@login_required
def log():
    if not can_read_audit_log(current_user, g.municipality):
        abort(403)
    page = _page()
    rows, total = audit_page(g.municipality, page=page, per_page=50)
    return render_template("moderation/log.html", rows=rows, total=total, page=page, per_page=50,
                           decision_labels=DECISION_DONE)


@bp.route("/logg.csv")
@login_required
def log_csv():
    if not can_read_audit_log(current_user, g.municipality):
        abort(403)
    filename = f"revisjonslogg-{g.municipality.slug}.csv"
    return Response("".join(audit_csv(g.municipality)), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "private, no-store"})
