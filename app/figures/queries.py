"""Participation figures, counted in SQL.

Every contribution a resident makes is one row of one UNION ALL (`_contributions`): ideas,
comments, consultation answers, survey responses, ballots and supports, each with its kind,
municipality, account (None when anonymous), moment, network theme and channel. The figures
are GROUP BYs over that union, so a page runs the same few queries whatever the number of rows.

Counting rules (README.md): everything residents sent in counts, published or not; a consultation
answer withdrawn by its sender does not. A participant is a distinct account; a contribution
without an account (an anonymous survey response, or one whose account was deleted) counts as
one participant of its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import case, distinct, func, literal, select, union_all

from app.consultations.models import Consultation, ConsultationAnswer
from app.core.extensions import db
from app.core.vocabulary import THEMES
from app.figures.periods import Period, month_of
from app.ideas.models import Idea, IdeaComment, IdeaSupport
from app.municipalities.models import Municipality
from app.municipalities.queries import active_municipalities
from app.surveys.models import Survey, SurveyResponse
from app.votes.models import Ballot, Vote

#: the kinds of contribution, in the order the pages show them
KINDS = ("idea", "comment", "answer", "response", "ballot", "support")
#: the channels: on Tinget's own pages, or in a survey embedded in the municipality's site
CHANNELS = ("tinget", "embed")
#: the theme key of contributions outside the network's seven themes
NO_THEME = ""


def _theme(column):
    return case((column.in_(list(THEMES)), column), else_=literal(NO_THEME))


def _row(kind, municipality_id, user_id, at, theme, channel=None):
    return (literal(kind).label("kind"), municipality_id.label("municipality_id"),
            user_id.label("user_id"), at.label("at"), _theme(theme).label("theme"),
            (channel if channel is not None else literal("tinget")).label("channel"))


def _contributions(period: Period, municipality_ids: list[int]):
    """Every contribution made in the period in these municipalities, as one subquery."""
    def within(column):
        return (column >= period.start, column < period.end)

    parts = [
        select(*_row("idea", Idea.municipality_id, Idea.author_id, Idea.created_at, Idea.theme))
        .where(Idea.municipality_id.in_(municipality_ids), *within(Idea.created_at)),
        select(*_row("comment", IdeaComment.municipality_id, IdeaComment.author_id,
                     IdeaComment.created_at, Idea.theme))
        .join(Idea, Idea.id == IdeaComment.idea_id)
        .where(IdeaComment.municipality_id.in_(municipality_ids), *within(IdeaComment.created_at)),
        select(*_row("answer", ConsultationAnswer.municipality_id, ConsultationAnswer.author_id,
                     ConsultationAnswer.created_at, Consultation.theme))
        .join(Consultation, Consultation.id == ConsultationAnswer.consultation_id)
        .where(ConsultationAnswer.municipality_id.in_(municipality_ids),
               ConsultationAnswer.withdrawn_at.is_(None), *within(ConsultationAnswer.created_at)),
        select(*_row("response", SurveyResponse.municipality_id, SurveyResponse.user_id,
                     SurveyResponse.submitted_at, Survey.theme,
                     case((SurveyResponse.channel == "embed", literal("embed")),
                          else_=literal("tinget"))))
        .join(Survey, Survey.id == SurveyResponse.survey_id)
        .where(SurveyResponse.municipality_id.in_(municipality_ids),
               *within(SurveyResponse.submitted_at)),
        select(*_row("ballot", Ballot.municipality_id, Ballot.user_id, Ballot.created_at,
                     Vote.theme))
        .join(Vote, Vote.id == Ballot.vote_id)
        .where(Ballot.municipality_id.in_(municipality_ids), *within(Ballot.created_at)),
        select(*_row("support", Idea.municipality_id, IdeaSupport.user_id, IdeaSupport.created_at,
                     Idea.theme))
        .join(Idea, Idea.id == IdeaSupport.idea_id)
        .where(Idea.municipality_id.in_(municipality_ids), *within(IdeaSupport.created_at)),
    ]
    return union_all(*parts).subquery("contributions")


def _participants(rows):
    """SQL: distinct accounts, plus one for each contribution without an account."""
    return (func.count(distinct(rows.c.user_id))
            + func.coalesce(func.sum(case((rows.c.user_id.is_(None), 1), else_=0)), 0))


@dataclass
class Line:
    """One row of a table: contributions by kind, and participants."""

    key: str
    by_kind: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    participants: int = 0

    @property
    def contributions(self) -> int:
        return sum(self.by_kind.values())


@dataclass
class Participation:
    """The figures of one municipality, or of the whole network, for one period."""

    period: Period
    total: Line
    months: list[Line]
    themes: list[Line]
    channels: list[Line]
    #: per member municipality (network figures only): (municipality, Line)
    members: list[tuple[Municipality, Line]] = field(default_factory=list)


def _lines(keys, counts, participants) -> list[Line]:
    lines = {key: Line(key) for key in keys}
    for key, kind, number in counts:
        if key in lines:
            lines[key].by_kind[kind] = number
    for key, number in participants:
        if key in lines:
            lines[key].participants = number
    return list(lines.values())


def _grouped(rows, column):
    """(key, kind, count) and (key, participants) grouped by `column`."""
    counts = db.session.execute(select(column, rows.c.kind, func.count())
                                .group_by(column, rows.c.kind)).all()
    people = db.session.execute(select(column, _participants(rows)).group_by(column)).all()
    return counts, people


def participation(period: Period, municipality_ids: list[int]) -> Participation:
    """The participation figures of these municipalities in the period: per month (Oslo), per
    theme and per channel, in eight queries whatever the number of contributions."""
    rows = _contributions(period, municipality_ids)
    month = month_of(rows.c.at, period)
    total = Line("total")
    for kind, number in db.session.execute(select(rows.c.kind, func.count())
                                           .group_by(rows.c.kind)).all():
        total.by_kind[kind] = number
    total.participants = db.session.scalar(select(_participants(rows))) or 0
    return Participation(
        period=period, total=total,
        months=_lines(period.keys, *_grouped(rows, month)),
        themes=_lines([*THEMES, NO_THEME], *_grouped(rows, rows.c.theme)),
        channels=_lines(CHANNELS, *_grouped(rows, rows.c.channel)))


def municipality_participation(period: Period, municipality) -> Participation:
    return participation(period, [municipality.id])


def network_participation(period: Period) -> Participation:
    """The figures of the whole network (a person who took part in two members counts once),
    and each member's own line."""
    municipalities = active_municipalities()
    ids = [m.id for m in municipalities]
    figures = participation(period, ids)
    rows = _contributions(period, ids)
    lines = _lines(ids, *_grouped(rows, rows.c.municipality_id))
    figures.members = list(zip(municipalities, lines))
    return figures
