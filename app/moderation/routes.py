"""The public report page, and the helpers every page's templates use (the header badge, labels)."""
from __future__ import annotations

from flask import abort, g, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core.ratelimit import rate_limit
from app.core.tenancy import get_scoped_or_404
from app.core.views import save
from app.moderation import bp, queries, registry, services
from app.moderation.forms import ReportForm
from app.moderation.labels import (
    NOT_COUNTED, REPORT_REASONS, decision_done, duration, state_label, waiting_for,
)
from app.moderation.models import ReportReason
from app.moderation.permissions import can_report, can_see


@bp.app_template_global()
def moderation_waiting(municipality) -> int:
    """The count for the header badge (moderators only)."""
    return queries.count_waiting(municipality)


@bp.app_context_processor
def _labels():
    return {"decision_done": decision_done, "moderation_state_label": state_label,
            "report_reason_labels": REPORT_REASONS, "waiting_for": waiting_for,
            "report_not_counted": NOT_COUNTED, "moderation_duration": duration,
            "min_report_account_age": queries.min_account_age}


def load_item(type_key: str, object_id: int):
    """(the registered type, the item of this municipality), or 404."""
    kind = registry.get_type(type_key)
    if kind is None:
        abort(404)
    return kind, get_scoped_or_404(kind.model, object_id)


@bp.route("/meld/<type_key>/<int:object_id>", methods=["GET", "POST"])
@login_required
@rate_limit("REPORT_RATE_LIMIT", "10 per hour;30 per day", per="user")
def report(type_key: str, object_id: int):
    kind, obj = load_item(type_key, object_id)
    if not can_see(current_user, obj, g.municipality):
        abort(404)
    if not can_report(current_user, obj, g.municipality):
        abort(403)
    form = ReportForm()
    if form.validate_on_submit():
        save(lambda: services.report_item(obj, current_user, g.municipality,
                                          ReportReason(form.reason.data), form.text.data),
             success=_("Thank you. The moderators will look at your report."))
        return redirect(kind.public_url(obj))
    return render_template("moderation/report.html", kind=kind, obj=obj, form=form)
