"""Moderation services: reports, decisions, the queue, blocks, reasons and settings.

They flush, write the audit log and queue mails for after the commit; they never commit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from app.core import audit
from app.accounts.models import Membership, Role, User
from app.core.errors import ServiceError
from app.core.extensions import db
from app.moderation import registry
from app.core.mail import absolute, external_url, queue_mail
from app.moderation.models import (
    Block, Decision, ModerationDecision, ModerationReason, ModerationSettings, ModerationState,
    Report, ReportReason, utcnow,
)
from app.moderation.permissions import can_moderate, can_report

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

DEFAULT_REASONS = [
    _l("Breaks the rules for respectful language"),
    _l("Contains personal data about others"),
    _l("Advertising or spam"),
    _l("Not about the municipality's responsibilities"),
    _l("The same as an earlier contribution"),
    _l("Checked: within the rules"),
]


class ModerationError(ServiceError):
    """A decision or report that cannot be made; the message is safe to show."""


# --- settings and reasons -------------------------------------------------------------------

def settings_for(municipality) -> ModerationSettings:
    """The municipality's moderation settings, created with the defaults on first use."""
    settings = db.session.scalar(select(ModerationSettings).where(
        ModerationSettings.municipality_id == municipality.id))
    if settings is None:
        settings = ModerationSettings(municipality_id=municipality.id, report_threshold=3)
        db.session.add(settings)
        db.session.flush()
    return settings


def list_reasons(municipality, *, active_only: bool = True) -> list[ModerationReason]:
    """The municipality's reasons; the default list (in its written form) on first use."""
    query = select(ModerationReason).where(ModerationReason.municipality_id == municipality.id)
    reasons = list(db.session.scalars(query.order_by(ModerationReason.position,
                                                     ModerationReason.id)))
    if not reasons:
        with force_locale(municipality.default_locale or "nb"):
            reasons = [ModerationReason(municipality_id=municipality.id, text=str(text),
                                        position=index) for index, text in enumerate(DEFAULT_REASONS)]
        db.session.add_all(reasons)
        db.session.flush()
    return [r for r in reasons if r.is_active or not active_only]


def update_settings(municipality, actor, *, report_threshold: int, reasons: list[str]) -> bool:
    """Save the report threshold and the list of reasons (one per entry, blanks dropped).

    Reasons no longer in the list are deactivated, not deleted (decisions quote them).
    Returns whether anything changed; writes the audit log.
    """
    settings = settings_for(municipality)
    current = list_reasons(municipality, active_only=False)
    wanted = [text.strip()[:200] for text in reasons if text and text.strip()]
    before = {"report_threshold": settings.report_threshold,
              "reasons": [r.text for r in current if r.is_active]}
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

def moderators_of(municipality) -> list[User]:
    return list(db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id).where(
            Membership.municipality_id == municipality.id,
            Membership.role.in_([Role.moderator, Role.admin]), User.active.is_(True))))


def notify_moderators(municipality) -> bool:
    """Mail the municipality's moderators that items wait, at most once an hour."""
    settings = settings_for(municipality)
    now = utcnow()
    last = settings.notified_at
    if last is not None and (last.replace(tzinfo=last.tzinfo or timezone.utc) + NOTIFY_INTERVAL) > now:
        return False
    settings.notified_at = now
    waiting = count_waiting(municipality)
    url = external_url("tenant.moderation.queue", municipality=municipality.slug)
    for moderator in moderators_of(municipality):
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


# --- reports ----------------------------------------------------------------------------------

def open_reports(item) -> list[Report]:
    return list(db.session.scalars(select(Report).where(
        Report.object_type == item.moderation_key, Report.object_id == item.id,
        Report.resolved_at.is_(None)).order_by(Report.created_at)))


def report_item(item, reporter, municipality, reason: ReportReason, text: str = "") -> Report:
    """Record `reporter`'s report of a published item; at the municipality's threshold of open
    reports the item is hidden until a moderator decides.

    Refuses the author, users who may not post, unpublished items, a second report by the same
    user and "other" without an explanation.
    """
    if not can_report(reporter, item, municipality):
        raise ModerationError(str(_l("You cannot report this.")))
    text = (text or "").strip()
    if reason is ReportReason.other and not text:
        raise ModerationError(str(_l("Tell us what is wrong when you choose “Other”.")))
    already = db.session.scalar(select(Report.id).where(
        Report.object_type == item.moderation_key, Report.object_id == item.id,
        Report.reporter_id == reporter.id))
    if already is not None:
        raise ModerationError(str(_l("You have already reported this. Thank you.")))
    report = Report(municipality_id=municipality.id, object_type=item.moderation_key,
                    object_id=item.id, reporter_id=reporter.id, reason=reason, text=text[:2000])
    db.session.add(report)
    db.session.flush()
    audit.record("moderation.reported", item, actor=reporter, municipality=municipality,
                 after={"reason": reason.value, "report_id": report.id}, reason=text or None)
    threshold = settings_for(municipality).report_threshold
    if len(open_reports(item)) >= threshold and item.moderation_state is ModerationState.published:
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
    has_reports = bool(open_reports(item))
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
    municipality = _municipality_of(item)
    if not can_moderate(moderator, municipality):
        raise ModerationError(str(_l("You cannot moderate in this municipality.")))
    if decision not in allowed_decisions(item):
        raise ModerationError(str(_l("That decision does not fit the item's current state.")))
    reason = (reason or "").strip()
    if decision in REASON_REQUIRED and not reason:
        raise ModerationError(str(_l("Give a reason: the author is told why.")))
    before = item.moderation_state
    after = TRANSITIONS[decision][before]
    item.moderation_state, item.moderated_at = after, utcnow()
    item.hidden_by_reports = False
    now = utcnow()
    for report in open_reports(item):
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
        queue_mail(item.author, _l("About your contribution in %(name)s",
                                          name=municipality.name),
                          "moderation/mail/decision.txt", municipality=municipality, item=item,
                          title=kind.title(item), decision=entry, kind=kind,
                          url=absolute(_public_path(kind, item, municipality))
                          if after is S.published else None)
    return entry


def _public_path(kind, item, municipality) -> str:
    from flask import current_app, has_request_context

    if has_request_context():
        return kind.public_url(item)
    with current_app.test_request_context(f"/{municipality.slug}/"):
        from flask import g

        g.municipality = municipality
        return kind.public_url(item)


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


def _after_decision(item, entry) -> None:
    hook = registry.type_of(item).on_decided
    if hook is not None:
        hook(item, entry)


def _municipality_of(item):
    from app.municipalities.models import Municipality

    return db.session.get(Municipality, item.municipality_id)


def history(item) -> list[ModerationDecision]:
    return list(db.session.scalars(select(ModerationDecision).where(
        ModerationDecision.object_type == item.moderation_key,
        ModerationDecision.object_id == item.id).order_by(ModerationDecision.created_at,
                                                          ModerationDecision.id)))


# --- the queue -------------------------------------------------------------------------------

@dataclass
class QueueEntry:
    kind: registry.ModeratedType
    item: object
    waiting_since: datetime
    reports: list = field(default_factory=list)
    history: list = field(default_factory=list)

    @property
    def ref(self) -> str:
        return f"{self.kind.key}:{self.item.id}"


def _waiting_query(kind, municipality):
    model = kind.model
    reports = (select(Report.object_id, func.min(Report.created_at).label("first"),
                      func.count(Report.id).label("n"))
               .where(Report.municipality_id == municipality.id, Report.object_type == kind.key,
                      Report.resolved_at.is_(None))
               .group_by(Report.object_id).subquery())
    since = case((model.moderation_state == S.pending, model.created_at),
                 else_=reports.c.first).label("since")
    return (select(model, since).outerjoin(reports, reports.c.object_id == model.id)
            .where(model.municipality_id == municipality.id,
                   (model.moderation_state == S.pending) | (reports.c.n > 0)))


def count_waiting(municipality, type_key: str | None = None) -> int:
    """Items of the municipality that wait for a moderator: pending, or with open reports."""
    total = 0
    for kind in registry.types():
        if type_key and kind.key != type_key:
            continue
        query = _waiting_query(kind, municipality).subquery()
        total += db.session.scalar(select(func.count()).select_from(query)) or 0
    return total


def queue(municipality, *, type_key: str | None = None, page: int = 1,
          per_page: int = 25) -> list[QueueEntry]:
    """One page of waiting items, oldest first, with their open reports and history."""
    entries: list[QueueEntry] = []
    limit = page * per_page
    for kind in registry.types():
        if type_key and kind.key != type_key:
            continue
        rows = db.session.execute(_waiting_query(kind, municipality)
                                  .order_by("since", kind.model.id).limit(limit))
        entries += [QueueEntry(kind, item, since) for item, since in rows]
    entries.sort(key=lambda e: (_aware(e.waiting_since), e.kind.key, e.item.id))
    entries = entries[(page - 1) * per_page:limit]
    _attach_reports_and_history(entries)
    return entries


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _attach_reports_and_history(entries: list[QueueEntry]) -> None:
    by_key = {(e.kind.key, e.item.id): e for e in entries}
    if not by_key:
        return
    ids = [i for _, i in by_key]
    for report in db.session.scalars(select(Report).where(
            Report.object_id.in_(ids), Report.resolved_at.is_(None)).order_by(Report.created_at)):
        entry = by_key.get((report.object_type, report.object_id))
        if entry:
            entry.reports.append(report)
    for decision in db.session.scalars(select(ModerationDecision).where(
            ModerationDecision.object_id.in_(ids)).order_by(ModerationDecision.created_at)):
        entry = by_key.get((decision.object_type, decision.object_id))
        if entry:
            entry.history.append(decision)


def load_refs(municipality, refs: list[str]) -> list:
    """Items of this municipality for "key:id" references; unknown ones are left out."""
    items = []
    for ref in refs:
        key, _, raw_id = ref.partition(":")
        kind = registry.get_type(key)
        if kind is None or not raw_id.isdigit():
            continue
        item = db.session.scalar(select(kind.model).where(
            kind.model.id == int(raw_id), kind.model.municipality_id == municipality.id))
        if item is not None:
            items.append(item)
    return items


# --- blocks ----------------------------------------------------------------------------------

def block_user(municipality, user, moderator, reason: str) -> Block:
    """Stop `user` from posting in the municipality; refuses staff of the municipality and
    users who are blocked already."""
    if not can_moderate(moderator, municipality):
        raise ModerationError(str(_l("You cannot moderate in this municipality.")))
    if user is None or can_moderate(user, municipality):
        raise ModerationError(str(_l("Staff of the municipality cannot be blocked.")))
    if db.session.scalar(select(Block.id).where(Block.municipality_id == municipality.id,
                                                Block.user_id == user.id)):
        raise ModerationError(str(_l("This user is blocked already.")))
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
    """Lift a block; refuses users who cannot moderate the municipality."""
    if not can_moderate(moderator, municipality):
        raise ModerationError(str(_l("You cannot moderate in this municipality.")))
    audit.record("moderation.user_unblocked", block, actor=moderator, municipality=municipality,
                 before={"user_id": block.user_id})
    db.session.delete(block)
    db.session.flush()


def list_blocks(municipality) -> list[Block]:
    return list(db.session.scalars(select(Block).where(
        Block.municipality_id == municipality.id).order_by(Block.created_at.desc())))
