"""Reads: the network's member municipalities; a municipality's identity images and what its
home page shows. (The areas' models are imported inside the functions: they import this
package's models, see routes.home.)"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, lazyload

from app.core.clock import utcnow

from app.core.extensions import db
from app.municipalities.models import Municipality


def active_municipalities() -> list[Municipality]:
    """The municipalities that take part in the network, by name."""
    return list(db.session.scalars(
        select(Municipality).where(Municipality.is_active.is_(True)).order_by(Municipality.name)))


def by_number(number: str) -> Municipality | None:
    """The municipality with this kommunenummer (active or not), or None."""
    return db.session.scalar(select(Municipality).where(Municipality.number == number))


def image_of(municipality: Municipality, file_id: int | None):
    """The municipality's stored file `file_id` (its logo or header image), or None when unset,
    gone, or another municipality's."""
    from app.files.models import StoredFile

    if file_id is None:
        return None
    stored = db.session.get(StoredFile, file_id)
    return stored if stored is not None and stored.municipality_id == municipality.id else None


# --- the home page ----------------------------------------------------------------------------

#: how many items each section of the home page lists
RECENT_IDEAS = 6
EARLIER_PER_KIND = 3
#: the municipality's answers that the home page reports
ANSWERS_SHOWN = ("under_consideration", "accepted", "implemented", "not_pursued")


@dataclass
class AnsweredIdea:
    idea: object
    #: the municipality's latest public answer text ("" when it gave none)
    reason: str


@dataclass
class ClosedVote:
    vote: object
    ballots: int


@dataclass
class EarlierInput:
    """What came of earlier input: concluded consultations, answered ideas, closed votes."""

    consultations: list
    ideas: list[AnsweredIdea]
    votes: list[ClosedVote]

    def __bool__(self) -> bool:
        return bool(self.consultations or self.ideas or self.votes)


def recent_ideas(municipality: Municipality, limit: int = RECENT_IDEAS) -> list:
    """The newest published ideas with their images: one query."""
    from app.ideas.models import Idea
    from app.moderation.models import ModerationState

    return list(db.session.scalars(
        select(Idea).options(lazyload("*"), joinedload(Idea.image))
        .where(Idea.municipality_id == municipality.id,
               Idea.moderation_state == ModerationState.published)
        .order_by(Idea.created_at.desc(), Idea.id.desc()).limit(limit)).unique())


def earlier_input(municipality: Municipality, now=None) -> EarlierInput:
    """The latest concluded consultations, answered ideas (with the answer's text) and closed
    votes (with their number of ballots); five queries whatever their number."""
    from app.consultations.models import Consultation, Phase
    from app.ideas.models import Idea, IdeaStatus, IdeaStatusChange
    from app.moderation.models import ModerationState
    from app.votes.models import Ballot, Vote

    now = now or utcnow()
    consultations = list(db.session.scalars(
        select(Consultation).options(lazyload("*"))
        .where(Consultation.municipality_id == municipality.id,
               Consultation.phase == Phase.concluded.value)
        .order_by(Consultation.concluded_at.desc(), Consultation.id.desc())
        .limit(EARLIER_PER_KIND)))
    ideas = list(db.session.scalars(
        select(Idea).options(lazyload("*"))
        .where(Idea.municipality_id == municipality.id,
               Idea.moderation_state == ModerationState.published,
               Idea.answer_status.in_([IdeaStatus(value) for value in ANSWERS_SHOWN]))
        .order_by(Idea.updated_at.desc(), Idea.id.desc()).limit(EARLIER_PER_KIND)))
    reasons: dict[int, str] = {}
    if ideas:
        for change in db.session.scalars(
                select(IdeaStatusChange).options(lazyload("*"))
                .where(IdeaStatusChange.idea_id.in_([idea.id for idea in ideas]),
                       IdeaStatusChange.kind == "answer")
                .order_by(IdeaStatusChange.created_at.desc(), IdeaStatusChange.id.desc())):
            reasons.setdefault(change.idea_id, change.reason or "")
    votes = list(db.session.scalars(
        select(Vote).options(lazyload("*"))
        .where(Vote.municipality_id == municipality.id, Vote.published_at.is_not(None),
               Vote.closes_at <= now)
        .order_by(Vote.closes_at.desc(), Vote.id.desc()).limit(EARLIER_PER_KIND)))
    ballots: dict[int, int] = {}
    if votes:
        ballots = dict(db.session.execute(
            select(Ballot.vote_id, func.count()).where(Ballot.vote_id.in_([v.id for v in votes]))
            .group_by(Ballot.vote_id)).all())
    return EarlierInput(
        consultations=consultations,
        ideas=[AnsweredIdea(idea, reasons.get(idea.id, "")) for idea in ideas],
        votes=[ClosedVote(vote, ballots.get(vote.id, 0)) for vote in votes])
