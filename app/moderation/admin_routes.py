"""The staff pages: the queue and its decisions, blocks, discounted reporters, settings and the
audit log."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.core.exports import csv_response
from app.core.pagination import page_number
from app.core.tenancy import get_scoped_or_404
from app.core.views import requires, save
from app.moderation import audit_labels, bp, queries, registry, services
from app.moderation import removed  # noqa: F401  (registers the 410 page of removed items)
from app.moderation.forms import (
    BlockForm, BulkDecisionForm, CountAgainForm, DecisionForm, DiscountForm, SettingsForm,
    UnblockForm,
)
from app.moderation.labels import public_step
from app.moderation.models import Block, Decision
from app.moderation.permissions import (
    can_change_settings, can_moderate, can_read_audit_log, is_blocked,
)
from app.moderation.routes import load_item

PER_PAGE = 25
LOG_PER_PAGE = 50


@bp.app_template_global()
def moderation_public_step(from_state: str | None, to_status: str) -> str:
    """A moderation step in an item's public history, in residents' words."""
    return public_step(from_state, to_status)


@bp.route("/")
@requires(can_moderate)
def queue():
    type_key = request.args.get("type") if registry.get_type(request.args.get("type", "")) else None
    entries = queries.queue(g.municipality, type_key=type_key, page=page_number(),
                            per_page=PER_PAGE)
    form = BulkDecisionForm(queries.active_reasons(g.municipality))
    return render_template("moderation/admin/queue.html", entries=entries, type_key=type_key,
                           types=registry.types(), form=form)


@bp.route("/handling", methods=["POST"])
@requires(can_moderate)
def bulk():
    form = BulkDecisionForm(queries.active_reasons(g.municipality))
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(str(e) for e in errors), "error")
        return redirect(url_for(".queue"))
    items = queries.load_refs(g.municipality, form.items.data)
    outcome = save(lambda: services.decide_many(items, current_user, Decision(form.decision.data),
                                                form.reason_text()))
    done, skipped = outcome.value if outcome else (0, [])
    if done:
        flash(ngettext("%(num)d item decided.", "%(num)d items decided.", done), "success")
    if skipped:
        flash(ngettext("%(num)d item was left as it was: the decision did not fit it, or it needs "
                       "a reason.", "%(num)d items were left as they were: the decision did not "
                       "fit them, or they need a reason.", len(skipped)), "error")
    return redirect(url_for(".queue"))


@bp.route("/<type_key>/<int:object_id>", methods=["GET", "POST"])
@requires(can_moderate)
def item(type_key: str, object_id: int):
    kind, obj = load_item(type_key, object_id)
    form = DecisionForm(services.allowed_decisions(obj), queries.active_reasons(g.municipality))
    if form.validate_on_submit() and save(
            lambda: services.decide(obj, current_user, Decision(form.decision.data),
                                    form.reason_text()),
            form=form, success=_("The decision is saved and the author has been told.")):
        return redirect(url_for(".queue"))
    blocked = obj.author is not None and is_blocked(obj.author, g.municipality)
    return render_template("moderation/admin/item.html", kind=kind, obj=obj, form=form,
                           block_form=BlockForm(), discount_form=DiscountForm(),
                           count_again_form=CountAgainForm(),
                           reports=queries.weigh_reports(queries.open_reports(obj), g.municipality),
                           threshold=queries.current_settings(g.municipality).report_threshold,
                           history=queries.history(obj), blocked=blocked)


@bp.route("/<type_key>/<int:object_id>/blokker", methods=["POST"])
@requires(can_moderate)
def block(type_key: str, object_id: int):
    _kind, obj = load_item(type_key, object_id)
    form = BlockForm()
    if not form.validate_on_submit():
        flash(_("Give a reason for the block."), "error")
    else:
        save(lambda: services.block_user(obj.author, current_user, g.municipality,
                                         form.reason.data),
             success=_("The user is blocked and can no longer post here."))
    return redirect(url_for(".item", type_key=type_key, object_id=object_id))


@bp.route("/blokkerte")
@requires(can_moderate)
def blocks():
    return render_template("moderation/admin/blocks.html", blocks=queries.list_blocks(g.municipality),
                           form=UnblockForm(), discounted=queries.list_discounted(g.municipality),
                           count_again_form=CountAgainForm())


def _back(ref: str | None):
    """Back to the item page the form came from, or to the list of blocks and discounts."""
    items = queries.load_refs(g.municipality, [ref]) if ref else []
    if items:
        return redirect(url_for(".item", type_key=items[0].moderation_key,
                                object_id=items[0].id))
    return redirect(url_for(".blocks"))


@bp.route("/meldere/<int:user_id>/se-bort-fra", methods=["POST"])
@requires(can_moderate)
def discount(user_id: int):
    reporter = queries.reporter_here(user_id, g.municipality)
    if reporter is None:
        abort(404)
    form = DiscountForm()
    if form.validate_on_submit():
        save(lambda: services.discount_reporter(reporter, current_user, g.municipality,
                                                form.reason.data),
             success=_("This reporter's reports no longer count towards hiding items."))
    return _back(form.item.data)


@bp.route("/meldere/<int:user_id>/tell-med", methods=["POST"])
@requires(can_moderate)
def count_again(user_id: int):
    entry = queries.discount_of(user_id, g.municipality)
    if entry is None:
        abort(404)
    form = CountAgainForm()
    if form.validate_on_submit():
        save(lambda: services.undo_discount(entry, current_user, g.municipality),
             success=_("This reporter's reports count again."))
    return _back(form.item.data)


@bp.route("/blokkerte/<int:block_id>/opphev", methods=["POST"])
@requires(can_moderate)
def unblock(block_id: int):
    entry = get_scoped_or_404(Block, block_id)
    if UnblockForm().validate_on_submit():
        save(lambda: services.unblock_user(entry, current_user, g.municipality),
             success=_("The block is lifted."))
    return redirect(url_for(".blocks"))


@bp.route("/innstillinger", methods=["GET", "POST"])
@requires(can_change_settings)
def settings():
    current = queries.current_settings(g.municipality)
    form = SettingsForm(report_threshold=current.report_threshold, reasons="\n".join(
        r.text for r in queries.active_reasons(g.municipality)))
    if form.validate_on_submit():
        outcome = save(lambda: services.update_settings(
            g.municipality, current_user, report_threshold=form.report_threshold.data,
            reasons=form.reason_lines()), form=form)
        if outcome:
            if outcome.value:
                flash(_("The settings are saved."), "success")
            else:
                flash(_("Nothing was changed."), "info")
            return redirect(url_for(".settings"))
    return render_template("moderation/admin/settings.html", form=form)


@bp.route("/logg")
@requires(can_read_audit_log)
def log():
    rows = queries.audit_page(g.municipality, page=page_number(), per_page=LOG_PER_PAGE)
    return render_template("moderation/admin/log.html", rows=rows,
                           describe_audit_event=audit_labels.describe)


@bp.route("/logg.csv")
@requires(can_read_audit_log)
def log_csv():
    filename = f"revisjonslogg-{g.municipality.slug}.csv"
    return csv_response("".join(queries.audit_csv(g.municipality)), filename)
