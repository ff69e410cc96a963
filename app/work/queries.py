"""Reads for Mitt arbeid: what waits for a municipality's staff, across the areas.

Every function runs a fixed number of queries, whatever the number of items (grouped counts,
never a query per item); tests/work/test_budget.py holds the page to it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.consultations.models import Consultation, ConsultationAnswer
from app.core.clock import utcnow
from app.core.extensions import db
from app.ideas.models import Idea, IdeaStatus
from app.moderation import queries as moderation
from app.moderation.models import ModerationState
from app.surveys.models import Survey
from app.surveys.queries import response_counts
from app.votes.models import Ballot, Vote

#: a consultation "closes soon" within this many days
CLOSING_SOON_DAYS = 14
#: at most this many rows in each list (the area's own page has the rest)
LIMIT = 5
#: the queue type of consultation answers (its registry key)
ANSWER_KEY = "consultationanswer"


@dataclass
class Counted:
    """An item with its figure (answers, ballots, responses) and what waits on it."""

    item: object
    count: int = 0
    waiting: int = 0


@dataclass
class Listing:
    """The first rows of a list and how many there are in all."""

    rows: list = field(default_factory=list)
    total: int = 0


def moderation_summary(municipality):
    """The moderation queue's first page (the oldest waiting items, `total` of them) and the
    consultation answers waiting among them."""
    return (moderation.queue(municipality, page=1, per_page=3),
            moderation.count_waiting(municipality, ANSWER_KEY))


def _answer_counts(ids: list[int], state: ModerationState) -> dict[int, int]:
    if not ids:
        return {}
    rows = db.session.execute(
        select(ConsultationAnswer.consultation_id, func.count())
        .where(ConsultationAnswer.consultation_id.in_(ids),
               ConsultationAnswer.moderation_state == state,
               ConsultationAnswer.withdrawn_at.is_(None))
        .group_by(ConsultationAnswer.consultation_id))
    return dict(rows.all())


def consultations(municipality, now: datetime | None = None) -> dict[str, list[Counted]]:
    """Open consultations closing within CLOSING_SOON_DAYS (soonest first) and closed ones
    waiting for the municipality's conclusion (oldest first), each with its approved answers
    and the answers waiting for review."""
    now = now or utcnow()
    base = select(Consultation).where(Consultation.municipality_id == municipality.id,
                                      Consultation.published_at.is_not(None))
    closing = list(db.session.scalars(
        base.where(Consultation.opens_at <= now, Consultation.closes_at >= now,
                   Consultation.closes_at <= now + timedelta(days=CLOSING_SOON_DAYS))
        .order_by(Consultation.closes_at, Consultation.id).limit(LIMIT)))
    to_conclude = list(db.session.scalars(
        base.where(Consultation.closes_at < now, Consultation.concluded_at.is_(None))
        .order_by(Consultation.closes_at, Consultation.id).limit(LIMIT)))
    ids = [c.id for c in closing + to_conclude]
    approved = _answer_counts(ids, ModerationState.published)
    pending = _answer_counts(ids, ModerationState.pending)
    return {key: [Counted(c, approved.get(c.id, 0), pending.get(c.id, 0)) for c in rows]
            for key, rows in (("closing", closing), ("to_conclude", to_conclude))}


def running_votes(municipality, now: datetime | None = None) -> list[Counted]:
    """Published votes open now, closing soonest first, with their ballots."""
    now = now or utcnow()
    votes = list(db.session.scalars(
        select(Vote).where(Vote.municipality_id == municipality.id,
                           Vote.published_at.is_not(None), Vote.opens_at <= now,
                           Vote.closes_at > now)
        .order_by(Vote.closes_at, Vote.id).limit(LIMIT)))
    ballots = {}
    if votes:
        ballots = dict(db.session.execute(
            select(Ballot.vote_id, func.count()).where(Ballot.vote_id.in_([v.id for v in votes]))
            .group_by(Ballot.vote_id)).all())
    return [Counted(v, ballots.get(v.id, 0)) for v in votes]


def running_surveys(municipality) -> list[Counted]:
    """Open surveys, closing soonest first (no closing date last), with their responses."""
    surveys = list(db.session.scalars(
        select(Survey).where(Survey.municipality_id == municipality.id, Survey.is_open)
        .order_by(Survey.closes_at.is_(None), Survey.closes_at, Survey.id).limit(LIMIT)))
    counts = response_counts(surveys) if surveys else {}
    return [Counted(s, counts.get(s.id, 0)) for s in surveys]


def ideas_to_answer(municipality) -> Listing:
    """Published ideas the municipality has not answered yet, oldest first."""
    waiting = (Idea.municipality_id == municipality.id,
               Idea.moderation_state == ModerationState.published,
               Idea.answer_status == IdeaStatus.published)
    rows = list(db.session.scalars(select(Idea).where(*waiting)
                                   .order_by(Idea.created_at, Idea.id).limit(LIMIT)))
    total = db.session.scalar(select(func.count()).select_from(Idea).where(*waiting)) or 0
    return Listing(rows, total)
