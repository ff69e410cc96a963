"""The moderation figures a municipality shows the public (`/<k>/apenhet/`), counted in SQL.

Read from the moderation area's own records: every decision is a `ModerationDecision`, every
report a `Report`. Nothing here reads or returns a name, an e-mail address, an item's text or a
reason's free text: a decision's reason is only sorted into a category (the municipality's list
of reasons, matched at the start of the text; anything else is "another reason").

Times to a decision, whose median the page shows:
- from submission: an item that waited in pre-moderation (a decision whose state before was
  "pending"), from the item's `created_at` to the decision;
- from a report: each report a moderator's decision closed, from the report to the decision.
A median needs the single durations, so those two queries fetch one pair of moments per decision
or report in the period (never anything else); every count is a GROUP BY.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import force_locale
from sqlalchemy import and_, distinct, func, literal, select, union_all

from app.core.clock import to_oslo
from app.core.extensions import db
from app.figures.periods import Period, month_key, month_of
from app.moderation import queries as moderation_queries
from app.moderation import registry
from app.moderation.labels import DEFAULT_REASONS
from app.moderation.models import ModerationDecision, Report, ReportReason

#: the decisions, in the order the page shows them ("auto_hide": the report threshold)
DECISIONS = ("approve", "reject", "hide", "restore", "dismiss", "auto_hide")
#: reason categories besides the municipality's own reasons
NO_REASON, OTHER_REASON = "", "*other"


@dataclass
class MonthLine:
    key: str
    items: int = 0
    by_decision: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DECISIONS, 0))
    reports: int = 0
    waiting: list[timedelta] = field(default_factory=list)
    reported: list[timedelta] = field(default_factory=list)

    @property
    def decisions(self) -> int:
        return sum(self.by_decision.values())

    @property
    def median_from_submission(self) -> timedelta | None:
        return median(self.waiting)

    @property
    def median_from_report(self) -> timedelta | None:
        return median(self.reported)


@dataclass
class Openness:
    period: Period
    months: list[MonthLine]
    #: decision -> count, for the period
    by_decision: dict[str, int]
    #: (category, count): the municipality's reasons in their order, then "another reason"
    by_reason: list[tuple[str, int]]
    #: report reason (ReportReason value) -> reports received in the period
    reports_by_reason: dict[str, int]
    items: int
    median_from_submission: timedelta | None
    median_from_report: timedelta | None

    @property
    def decisions(self) -> int:
        return sum(self.by_decision.values())


def median(values: list[timedelta]) -> timedelta | None:
    if not values:
        return None
    return timedelta(seconds=statistics.median(v.total_seconds() for v in values))


def _within(column, period: Period):
    return and_(column >= period.start, column < period.end)


def _decisions(municipality, period: Period):
    return and_(ModerationDecision.municipality_id == municipality.id,
                _within(ModerationDecision.created_at, period))


def reason_categories(municipality) -> list[str]:
    """The reasons a decision's text is sorted by: every reason the municipality has saved
    (active or not), then the default reasons in its written form (which moderators chose from
    until it saved its own list)."""
    saved = [r.text for r in moderation_queries.stored_reasons(municipality)]
    with force_locale(municipality.default_locale or "nb"):
        defaults = [str(text) for text in DEFAULT_REASONS]
    return list(dict.fromkeys([*saved, *defaults]))


def category_of(reason: str, categories: list[str]) -> str:
    """The category of a decision's reason text ("the reason – a moderator's note")."""
    reason = (reason or "").strip()
    if not reason:
        return NO_REASON
    for text in sorted(categories, key=len, reverse=True):
        if reason == text or reason.startswith(text + " – "):
            return text
    return OTHER_REASON


def _waiting_times(municipality, period: Period):
    """(decided at, submitted at) of each decision on a pending item in the period."""
    parts = [select(ModerationDecision.created_at.label("decided"),
                    kind.model.created_at.label("submitted"))
             .join(kind.model, and_(ModerationDecision.object_type == literal(kind.key),
                                    ModerationDecision.object_id == kind.model.id))
             .where(_decisions(municipality, period), ModerationDecision.from_state == "pending")
             for kind in registry.types()]
    if not parts:
        return []
    return db.session.execute(union_all(*parts)).all()


def _decision_counts(municipality, period: Period, lines: dict[str, MonthLine]) -> tuple:
    """Decisions per month and kind, and items decided per month and in all (three queries)."""
    month = month_of(ModerationDecision.created_at, period)
    by_decision = dict.fromkeys(DECISIONS, 0)
    for key, decision, number in db.session.execute(
            select(month, ModerationDecision.decision, func.count())
            .where(_decisions(municipality, period))
            .group_by(month, ModerationDecision.decision)):
        if key in lines and decision in by_decision:
            lines[key].by_decision[decision] += number
            by_decision[decision] += number
    for key, _type, number in db.session.execute(
            select(month, ModerationDecision.object_type,
                   func.count(distinct(ModerationDecision.object_id)))
            .where(_decisions(municipality, period))
            .group_by(month, ModerationDecision.object_type)):
        if key in lines:  # types are disjoint: their distinct items add up
            lines[key].items += number
    items = sum(number for (number,) in db.session.execute(
        select(func.count(distinct(ModerationDecision.object_id)))
        .where(_decisions(municipality, period)).group_by(ModerationDecision.object_type)))
    return by_decision, items


def _reason_counts(municipality, period: Period) -> list[tuple[str, int]]:
    """Moderators' decisions per reason category (the texts are grouped in SQL, sorted into
    categories here and never returned)."""
    categories = reason_categories(municipality)
    counted: dict[str, int] = {}
    for reason, number in db.session.execute(
            select(ModerationDecision.reason, func.count())
            .where(_decisions(municipality, period), ModerationDecision.decision != "auto_hide")
            .group_by(ModerationDecision.reason)):
        category = category_of(reason, categories)
        if category != NO_REASON:
            counted[category] = counted.get(category, 0) + number
    by_reason = [(text, counted[text]) for text in categories if counted.get(text)]
    if counted.get(OTHER_REASON):
        by_reason.append((OTHER_REASON, counted[OTHER_REASON]))
    return by_reason


def _report_counts(municipality, period: Period, lines: dict[str, MonthLine]) -> dict[str, int]:
    """Reports received per month and per reason (one query)."""
    month = month_of(Report.created_at, period)
    by_reason = {reason.value: 0 for reason in ReportReason}
    for key, reason, number in db.session.execute(
            select(month, Report.reason, func.count())
            .where(Report.municipality_id == municipality.id, _within(Report.created_at, period))
            .group_by(month, Report.reason)):
        by_reason[reason.value] += number
        if key in lines:
            lines[key].reports += number
    return by_reason


def _durations(municipality, period: Period, lines: dict[str, MonthLine]) -> None:
    """The times to a decision, into the month of the decision (two queries)."""
    for decided, submitted in _waiting_times(municipality, period):
        if _key_of(decided) in lines:
            lines[_key_of(decided)].waiting.append(decided - submitted)
    for resolved, reported in db.session.execute(
            select(Report.resolved_at, Report.created_at)
            .where(Report.municipality_id == municipality.id, Report.resolved_at.is_not(None),
                   _within(Report.resolved_at, period))):
        if _key_of(resolved) in lines:
            lines[_key_of(resolved)].reported.append(resolved - reported)


def openness(municipality, period: Period) -> Openness:
    """The municipality's moderation figures in the period (eight queries)."""
    lines = {key: MonthLine(key) for key in period.keys}
    by_decision, items = _decision_counts(municipality, period, lines)
    by_reason = _reason_counts(municipality, period)
    reports_by_reason = _report_counts(municipality, period, lines)
    _durations(municipality, period, lines)
    months = list(lines.values())
    return Openness(
        period=period, months=months, by_decision=by_decision, by_reason=by_reason,
        reports_by_reason=reports_by_reason, items=items,
        median_from_submission=median([t for m in months for t in m.waiting]),
        median_from_report=median([t for m in months for t in m.reported]))


def _key_of(moment) -> str:
    """The Oslo month key of a moment already fetched (the same months as `month_of`)."""
    return month_key(to_oslo(moment).date())
