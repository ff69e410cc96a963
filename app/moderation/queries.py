"""Moderation reads: the queue and its counts, an item's reports and history, blocks, the current
settings and reasons, and the municipality's audit log (pages for admins and a CSV export).

Nothing here writes: a municipality that never saved its settings is shown the defaults.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Iterator

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from app.accounts.models import Membership, Role, User
from app.core.audit import AuditEvent
from app.core.clock import aware, to_oslo
from app.core.exports import csv_stream
from app.core.extensions import db
from app.core.pagination import Page, paginate
from app.moderation import registry
from app.moderation.labels import DEFAULT_REASONS
from app.moderation.models import (
    Block, DiscountedReporter, ModerationDecision, ModerationReason, ModerationSettings,
    ModerationState, Report,
)
from app.moderation.permissions import can_post, is_blocked, takes_part

S = ModerationState
#: open reports that hide a published item, until the municipality chooses another number
DEFAULT_REPORT_THRESHOLD = 3
#: how old an account must be when it reports for the report to count towards hiding the item,
#: in seconds, until the configuration (`REPORT_MIN_ACCOUNT_AGE`) says otherwise
DEFAULT_MIN_ACCOUNT_AGE = 24 * 60 * 60
#: the largest id an INTEGER column holds (PostgreSQL; SQLite's is larger): beyond it, not found
MAX_ID = 2**31 - 1


# --- settings and reasons --------------------------------------------------------------------

def current_settings(municipality) -> ModerationSettings:
    """The municipality's saved settings, or unsaved defaults (not added to the session)."""
    settings = db.session.scalar(select(ModerationSettings).where(
        ModerationSettings.municipality_id == municipality.id))
    if settings is None:
        settings = ModerationSettings(municipality_id=municipality.id,
                                      report_threshold=DEFAULT_REPORT_THRESHOLD)
    return settings


def stored_reasons(municipality) -> list[ModerationReason]:
    """Every saved reason of the municipality, active or not, in their order."""
    return list(db.session.scalars(select(ModerationReason).where(
        ModerationReason.municipality_id == municipality.id).order_by(
        ModerationReason.position, ModerationReason.id)))


def active_reasons(municipality) -> list[ModerationReason]:
    """The reasons moderators choose from: the saved active ones, or, until the municipality
    saves its own, the default list in its written form (unsaved objects)."""
    reasons = stored_reasons(municipality)
    if reasons:
        return [r for r in reasons if r.is_active]
    with force_locale(municipality.default_locale or "nb"):
        return [ModerationReason(municipality_id=municipality.id, text=str(text), position=index,
                                 is_active=True) for index, text in enumerate(DEFAULT_REASONS)]


# --- one item --------------------------------------------------------------------------------

def open_reports(item) -> list[Report]:
    """The item's reports no moderator has decided on yet, oldest first."""
    return list(db.session.scalars(select(Report).where(
        Report.object_type == item.moderation_key, Report.object_id == item.id,
        Report.resolved_at.is_(None)).order_by(Report.created_at)))


def history(item) -> list[ModerationDecision]:
    """The item's moderation decisions, oldest first."""
    return list(db.session.scalars(select(ModerationDecision).where(
        ModerationDecision.object_type == item.moderation_key,
        ModerationDecision.object_id == item.id).order_by(ModerationDecision.created_at,
                                                          ModerationDecision.id)))


def _id(raw: str) -> int | None:
    """A database id written in ASCII digits, or None (also beyond the INTEGER range)."""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 10 or int(raw) > MAX_ID:
        return None
    return int(raw)


def load_refs(municipality, refs: list[str]) -> list:
    """Items of this municipality for "key:id" references; unknown ones are left out."""
    items = []
    for ref in refs:
        key, _, raw_id = ref.partition(":")
        kind = registry.get_type(key)
        if kind is None or _id(raw_id) is None:
            continue
        item = db.session.scalar(select(kind.model).where(
            kind.model.id == int(raw_id), kind.model.municipality_id == municipality.id))
        if item is not None:
            items.append(item)
    return items


# --- whose reports count --------------------------------------------------------------------

@dataclass
class WeighedReport:
    """An open report as the moderator sees it: who reported, and whether it counts."""

    report: Report
    #: how old the reporter's account was when they reported (None: the account is deleted)
    account_age: timedelta | None
    #: why the report does not count towards hiding the item (a key of
    #: labels.NOT_COUNTED), or None when it counts
    not_counted: str | None = None

    @property
    def counts(self) -> bool:
        return self.not_counted is None


def min_account_age() -> timedelta:
    """How old an account must be when it reports for the report to count."""
    return timedelta(seconds=current_app.config.get("REPORT_MIN_ACCOUNT_AGE",
                                                    DEFAULT_MIN_ACCOUNT_AGE))


def weigh_reports(reports: list[Report], municipality) -> list[WeighedReport]:
    """The reports with whether each counts towards the report threshold: only reports by
    accounts that take part in the municipality (`permissions.takes_part`), were at least
    `min_account_age()` old when reporting and are not discounted here."""
    ids = {r.reporter_id for r in reports if r.reporter_id is not None}
    discounted = set(db.session.scalars(select(DiscountedReporter.user_id).where(
        DiscountedReporter.municipality_id == municipality.id,
        DiscountedReporter.user_id.in_(ids)))) if ids else set()
    least = min_account_age()
    weighed = []
    for report in reports:
        user = report.reporter
        if user is None:
            weighed.append(WeighedReport(report, None, "deleted"))
            continue
        age = aware(report.created_at) - aware(user.created_at)
        entry = WeighedReport(report, age)
        if user.id in discounted:
            entry.not_counted = "discounted"
        elif not takes_part(user, municipality):
            entry.not_counted = ("blocked" if is_blocked(user, municipality) else
                                 "inactive" if not can_post(user, municipality) else "outside")
        elif age < least:
            entry.not_counted = "new"
        weighed.append(entry)
    return weighed


def counted_reports(item, municipality) -> int:
    """How many of the item's open reports count towards the report threshold."""
    return sum(entry.counts for entry in weigh_reports(open_reports(item), municipality))


def reporter_here(user_id: int, municipality) -> User | None:
    """The user, when they have reported something in this municipality; else None."""
    if user_id > MAX_ID:
        return None
    reported = db.session.scalar(select(Report.id).where(
        Report.municipality_id == municipality.id, Report.reporter_id == user_id).limit(1))
    return db.session.get(User, user_id) if reported is not None else None


def discount_of(user_id: int, municipality) -> DiscountedReporter | None:
    """The user's discount in this municipality, if any."""
    if user_id > MAX_ID:
        return None
    return db.session.scalar(select(DiscountedReporter).where(
        DiscountedReporter.municipality_id == municipality.id,
        DiscountedReporter.user_id == user_id))


def list_discounted(municipality) -> list[DiscountedReporter]:
    """The municipality's discounted reporters, newest first."""
    return list(db.session.scalars(select(DiscountedReporter).where(
        DiscountedReporter.municipality_id == municipality.id).order_by(
        DiscountedReporter.created_at.desc(), DiscountedReporter.id.desc())))


# --- people ----------------------------------------------------------------------------------

def moderators_of(municipality) -> list[User]:
    """Active moderators and admins of the municipality."""
    return list(db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id).where(
            Membership.municipality_id == municipality.id,
            Membership.role.in_([Role.moderator, Role.admin]), User.active.is_(True))))


def list_blocks(municipality) -> list[Block]:
    """The municipality's blocks, newest first."""
    return list(db.session.scalars(select(Block).where(
        Block.municipality_id == municipality.id).order_by(Block.created_at.desc())))


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


def _kinds(type_key: str | None):
    return [kind for kind in registry.types() if not type_key or kind.key == type_key]


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
    for kind in _kinds(type_key):
        query = _waiting_query(kind, municipality).subquery()
        total += db.session.scalar(select(func.count()).select_from(query)) or 0
    return total


def queue(municipality, *, type_key: str | None = None, page: int = 1,
          per_page: int = 25) -> Page:
    """One page of waiting items (QueueEntry), oldest first, with their open reports and history."""
    entries: list[QueueEntry] = []
    limit = page * per_page
    for kind in _kinds(type_key):
        rows = db.session.execute(_waiting_query(kind, municipality)
                                  .order_by("since", kind.model.id).limit(limit))
        entries += [QueueEntry(kind, item, since) for item, since in rows]
    entries.sort(key=lambda e: (e.waiting_since, e.kind.key, e.item.id))
    entries = entries[(page - 1) * per_page:limit]
    _attach_reports_and_history(entries)
    return Page(entries, count_waiting(municipality, type_key), page, per_page)


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


# --- the audit log ---------------------------------------------------------------------------

CSV_COLUMNS = ["id", "time", "actor_id", "actor", "action", "object_type", "object_id",
               "before", "after", "reason"]


def _audit_query(municipality):
    actor = aliased(User)
    return (select(AuditEvent, actor).outerjoin(actor, actor.id == AuditEvent.actor_id)
            .where(AuditEvent.municipality_id == municipality.id))


def audit_page(municipality, *, page: int = 1, per_page: int = 50) -> Page:
    """One page of (event, actor) rows, newest first."""
    return paginate(_audit_query(municipality).order_by(AuditEvent.id.desc()), page, per_page,
                    scalars=False)


def _json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def audit_csv(municipality, batch: int = 1000) -> Iterator[str]:
    """The municipality's whole audit log, oldest first, through the one CSV writer (`;`, BOM,
    formula-safe cells), read a batch at a time."""
    return csv_stream(CSV_COLUMNS, _audit_rows(municipality, batch))


def _audit_rows(municipality, batch: int) -> Iterator[list[tuple]]:
    last_id = 0
    while True:
        rows = db.session.execute(_audit_query(municipality).where(AuditEvent.id > last_id)
                                  .order_by(AuditEvent.id).limit(batch)).all()
        if not rows:
            return
        yield [(event.id, to_oslo(event.created_at).isoformat(timespec="seconds"), event.actor_id,
                actor.display_name if actor else "", event.action, event.object_type,
                event.object_id, _json(event.before), _json(event.after), event.reason)
               for event, actor in rows]
        last_id = rows[-1][0].id
