"""Moderation writes: settings, entering the queue, reports, decisions (one or many) and blocks.

They flush, write the audit log and queue mails for after the commit; they never commit.
Arguments come in one order: the object acted on, then the actor, then the municipality.
Reads (the queue, counts, reports, history, the audit log) are in queries.py.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app, g, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core import audit
from app.core.clock import utcnow
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.mail import absolute, external_url, queue_mail
from app.moderation import queries, registry
from app.moderation.queries import count_waiting
from app.moderation.models import (
    Block, Decision, DiscountedReporter, ModerationDecision, ModerationReason, ModerationSettings, ModerationState,
    Report, ReportReason,
)
from app.moderation.permissions import can_moderate, can_report
from app.municipalities.models import Municipality

S = ModerationState

#: decision -> {state before: state after}
TRANSITIONS: dict[Decision, dict[ModerationState, ModerationState]] = {
    Decision.approve: {S.pending: S.published},
    Decision.reject: {S.pending: S.rejected},
    Decision.hide: {S.published: S.hidden, S.hidden: S.hidden},
    Decision.restore: {S.hidden: S.published, S.rejected: S.published},
    Decision.dismiss: {S.published: S.published, S.hidden: S.published},
}
#: decisions the author must be given a reason for
REASON_REQUIRED = {Decision.reject, Decision.hide}
NOTIFY_INTERVAL = timedelta(hours=1)


class ModerationError(ServiceError):
    """A decision or report that cannot be made; the message is safe to show."""


# --- settings --------------------------------------------------------------------------------

def settings_for(municipality) -> ModerationSettings:
    """The municipality's settings row, created with the defaults (and flushed) when missing."""
    settings = queries.current_settings(municipality)
    if settings not in db.session:
        db.session.add(settings)
        db.session.flush()
    return settings


def update_settings(municipality, actor, *, report_threshold: int, reasons: list[str]) -> bool:
    """Save the report threshold and the list of reasons (one per entry, blanks dropped).

    Reasons no longer in the list are deactivated, not deleted (decisions quote them).
    Returns whether anything changed; writes the audit log when it did.
    """
    settings = settings_for(municipality)
    current = queries.stored_reasons(municipality)
    wanted = [text.strip()[:200] for text in reasons if text and text.strip()]
    before = {"report_threshold": settings.report_threshold,
              "reasons": [r.text for r in queries.active_reasons(municipality)]}
    by_text = {r.text: r for r in current}
    for position, text in enumerate(wanted):
        reason = by_text.get(text)
        if reason is None:
            reason = ModerationReason(municipality_id=municipality.id, text=text)
            db.session.add(reason)
            by_text[text] = reason
        reason.position, reason.is_active = position, True
    for reason in current:
        if reason.text not in wanted:
            reason.is_active = False
    settings.report_threshold = report_threshold
    after = {"report_threshold": report_threshold, "reasons": wanted}
    db.session.flush()
    if before == after:
        return False
    audit.record("moderation.settings_changed", settings, actor=actor, municipality=municipality,
                 before=before, after=after)
    return True


# --- entering the queue ----------------------------------------------------------------------

def notify_moderators(municipality) -> bool:
    """Mail the municipality's moderators that items wait; refuses (returns False) when they
    were mailed less than an hour ago."""
    settings = settings_for(municipality)
    now = utcnow()
    if settings.notified_at is not None and settings.notified_at + NOTIFY_INTERVAL > now:
        return False
    settings.notified_at = now
    waiting = count_waiting(municipality)
    url = external_url("tenant.moderation.queue", municipality=municipality.slug)
    for moderator in queries.moderators_of(municipality):
        queue_mail(moderator, _l("New contributions wait for moderation in %(name)s",
                                 name=municipality.name),
                   "moderation/mail/new_items.txt", municipality=municipality,
                   waiting=waiting, url=url)
    db.session.flush()
    return True


def item_submitted(item, municipality) -> None:
    """Call after creating a moderated item: tells the moderators when it waits for them."""
    if item.moderation_state is ModerationState.pending:
        notify_moderators(municipality)


# --- reports ---------------------------------------------------------------------------------

def report_item(item, reporter, municipality, reason: ReportReason, text: str = "") -> Report:
    """Record `reporter`'s report of a published item; when the open reports that count
    (`queries.weigh_reports`: accounts that take part in the municipality, old enough, not
    discounted) reach the municipality's threshold, the item is hidden until a moderator decides.

    Refuses the author, users who may not post, unpublished items, a second report by the same
    user and "other" without an explanation.
    """
    if not can_report(reporter, item, municipality):
        raise ModerationError(_l("You cannot report this."))
    text = (text or "").strip()
    if reason is ReportReason.other and not text:
        raise ModerationError(_l("Tell us what is wrong when you choose “Other”."), field="text")
    already = db.session.scalar(select(Report.id).where(
        Report.object_type == item.moderation_key, Report.object_id == item.id,
        Report.reporter_id == reporter.id))
    if already is not None:
        raise ModerationError(_l("You have already reported this. Thank you."))
    report = Report(municipality_id=municipality.id, object_type=item.moderation_key,
                    object_id=item.id, reporter_id=reporter.id, reason=reason, text=text[:2000])
    db.session.add(report)
    db.session.flush()
    counts = queries.weigh_reports([report], municipality)[0].counts
    audit.record("moderation.reported", item, actor=reporter, municipality=municipality,
                 after={"reason": reason.value, "report_id": report.id, "counts": counts},
                 reason=text or None)
    threshold = queries.current_settings(municipality).report_threshold
    if (counts and queries.counted_reports(item, municipality) >= threshold
            and item.moderation_state is ModerationState.published):
        _auto_hide(item, municipality, threshold)
    else:
        notify_moderators(municipality)
    return report


def _auto_hide(item, municipality, threshold: int) -> None:
    item.moderation_state = ModerationState.hidden
    item.hidden_by_reports = True
    entry = ModerationDecision(
        municipality_id=municipality.id, object_type=item.moderation_key, object_id=item.id,
        moderator_id=None, decision="auto_hide", from_state="published", to_state="hidden",
        reason=str(_l("Hidden automatically after %(n)d reports, until a moderator has looked at it.",
                      n=threshold)))
    db.session.add(entry)
    db.session.flush()
    audit.record("moderation.auto_hidden", item, municipality=municipality,
                 before={"state": "published"}, after={"state": "hidden"}, reason=entry.reason)
    _after_decision(item, entry)
    notify_moderators(municipality)


# --- decisions -------------------------------------------------------------------------------

def allowed_decisions(item) -> list[Decision]:
    """The decisions that make sense for the item in its current state."""
    has_reports = bool(queries.open_reports(item))
    result = []
    for decision, moves in TRANSITIONS.items():
        if item.moderation_state not in moves:
            continue
        if decision is Decision.dismiss and not has_reports:
            continue
        if decision is Decision.hide and item.moderation_state is S.hidden and not has_reports:
            continue
        if decision is Decision.dismiss and item.moderation_state is S.hidden \
                and not item.hidden_by_reports:
            continue
        result.append(decision)
    return result


def decide(item, moderator, decision: Decision, reason: str = "") -> ModerationDecision:
    """Apply a moderator's decision to an item: new state, reports closed, history, audit log,
    and a mail with the reason to the author when the state changed.

    Refuses users who cannot moderate the item's municipality, decisions that do not fit the
    item's state, and reject/hide without a reason.
    """
    municipality = db.session.get(Municipality, item.municipality_id)
    if not can_moderate(moderator, municipality):
        raise ModerationError(_l("You cannot moderate in this municipality."))
    if decision not in allowed_decisions(item):
        raise ModerationError(_l("That decision does not fit the item's current state."),
                              field="decision")
    reason = (reason or "").strip()
    if decision in REASON_REQUIRED and not reason:
        raise ModerationError(_l("Give a reason: the author is told why."), field="reason")
    before = item.moderation_state
    after = TRANSITIONS[decision][before]
    now = utcnow()
    item.moderation_state, item.moderated_at = after, now
    item.hidden_by_reports = False
    for report in queries.open_reports(item):
        report.resolved_at, report.resolution = now, decision.value
    entry = ModerationDecision(
        municipality_id=municipality.id, object_type=item.moderation_key, object_id=item.id,
        moderator_id=moderator.id, decision=decision.value, from_state=before.value,
        to_state=after.value, reason=reason[:2000])
    db.session.add(entry)
    db.session.flush()
    audit.record(f"moderation.{decision.value}", item, actor=moderator, municipality=municipality,
                 before={"state": before.value}, after={"state": after.value}, reason=reason or None)
    _after_decision(item, entry)
    if before is not after and item.author is not None and item.author_id != moderator.id:
        kind = registry.type_of(item)
        url = absolute(_public_path(kind, item, municipality)) if after is S.published else None
        queue_mail(item.author, _l("About your contribution in %(name)s", name=municipality.name),
                   "moderation/mail/decision.txt", municipality=municipality, item=item,
                   title=kind.title(item), decision=entry, kind=kind, url=url)
    return entry


def decide_many(items, moderator, decision: Decision, reason: str = "") -> tuple[int, list]:
    """`decide` on each item; returns (how many were decided, the items it did not fit)."""
    done, skipped = 0, []
    for item in items:
        try:
            decide(item, moderator, decision, reason)
            done += 1
        except ModerationError:
            skipped.append(item)
    return done, skipped


def _public_path(kind, item, municipality) -> str:
    """The item's public URL path, also outside a request (a command, the demo data)."""
    if has_request_context():
        return kind.public_url(item)
    with current_app.test_request_context(f"/{municipality.slug}/"):
        g.municipality = municipality
        return kind.public_url(item)


def _after_decision(item, entry) -> None:
    hook = registry.type_of(item).on_decided
    if hook is not None:
        hook(item, entry)


def discount_reporter(user, moderator, municipality, reason: str = "") -> DiscountedReporter:
    """Stop `user`'s reports from counting towards hiding items in the municipality (they are
    still recorded and shown). Items already hidden stay hidden until a moderator decides.

    Refuses users who cannot moderate the municipality, a missing user and a reporter who is
    discounted already.
    """
    if not can_moderate(moderator, municipality):
        raise ModerationError(_l("You cannot moderate in this municipality."))
    if user is None:
        raise ModerationError(_l("This reporter no longer has an account."))
    if queries.discount_of(user.id, municipality) is not None:
        raise ModerationError(_l("This reporter's reports already do not count."))
    discount = DiscountedReporter(municipality_id=municipality.id, user_id=user.id,
                                  discounted_by_id=moderator.id,
                                  reason=(reason or "").strip()[:2000])
    db.session.add(discount)
    db.session.flush()
    audit.record("moderation.reporter_discounted", discount, actor=moderator,
                 municipality=municipality, after={"user_id": user.id},
                 reason=discount.reason or None)
    return discount


def undo_discount(discount: DiscountedReporter, moderator, municipality) -> None:
    """Let a discounted reporter's reports count again; refuses users who cannot moderate the
    municipality and a discount of another municipality."""
    if not can_moderate(moderator, municipality) or discount.municipality_id != municipality.id:
        raise ModerationError(_l("You cannot moderate in this municipality."))
    audit.record("moderation.reporter_counted_again", discount, actor=moderator,
                 municipality=municipality, before={"user_id": discount.user_id})
    db.session.delete(discount)
    db.session.flush()


# --- blocks ----------------------------------------------------------------------------------

def block_user(user, moderator, municipality, reason: str) -> Block:
    """Stop `user` from posting in the municipality and tell them why.

    Refuses moderators of another municipality, staff of the municipality (and a missing user)
    and users who are blocked already.
    """
    if not can_moderate(moderator, municipality):
        raise ModerationError(_l("You cannot moderate in this municipality."))
    if user is None or can_moderate(user, municipality):
        raise ModerationError(_l("Staff of the municipality cannot be blocked."))
    if db.session.scalar(select(Block.id).where(Block.municipality_id == municipality.id,
                                                Block.user_id == user.id)) is not None:
        raise ModerationError(_l("This user is blocked already."))
    block = Block(municipality_id=municipality.id, user_id=user.id, blocked_by_id=moderator.id,
                  reason=(reason or "").strip()[:2000])
    db.session.add(block)
    db.session.flush()
    audit.record("moderation.user_blocked", block, actor=moderator, municipality=municipality,
                 after={"user_id": user.id}, reason=block.reason or None)
    queue_mail(user, _l("You can no longer post in %(name)s", name=municipality.name),
               "moderation/mail/blocked.txt", municipality=municipality, reason=block.reason)
    return block


def unblock_user(block: Block, moderator, municipality) -> None:
    """Lift a block; refuses users who cannot moderate the municipality and a block of another
    municipality."""
    if not can_moderate(moderator, municipality) or block.municipality_id != municipality.id:
        raise ModerationError(_l("You cannot moderate in this municipality."))
    audit.record("moderation.user_unblocked", block, actor=moderator, municipality=municipality,
                 before={"user_id": block.user_id})
    db.session.delete(block)
    db.session.flush()
