"""The API's reads: what is public, one page at a time, in a fixed number of queries per page.

Public means: the municipality is an active member, and the item is published (ideas: moderation
state published; consultations, votes and experiences: `published_at` set; surveys: published,
opened, with `public_results` chosen). Pages are ordered by id and continue after the last id
a cursor names, so rows inserted while a client pages appear at the end, never twice and
never in place of another.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import lazyload, selectinload

from app.api.params import Listing, encode_cursor
from app.accounts.models import User
from app.consultations.models import Consultation, ConsultationDocument, ConsultationSdg
from app.core.clock import utcnow
from app.core.extensions import db
from app.experiences.models import Experience, ExperienceSdg
from app.ideas.models import Idea, IdeaSdg, IdeaStatusChange
from app.moderation.models import ModerationState
from app.municipalities.models import Municipality
from app.surveys.models import Survey, SurveyResponse, SurveySdg, SurveyStatus
from app.votes.models import Ballot, BallotChoice, Project, Vote, VotePhase, VoteSdg

#: the kinds of an idea's history that are public: its submission and the municipality's answers
PUBLIC_HISTORY = ("submitted", "answer")


@dataclass
class Page:
    rows: list
    next_cursor: str | None
    #: municipality id -> slug, for the rows of the page
    slugs: dict[int, str] = field(default_factory=dict)


def _page(query, model, listing: Listing) -> Page:
    """One page of `query` after the cursor's id, and the cursor of the next page."""
    query = query.where(model.id > listing.after).order_by(model.id).limit(listing.limit + 1)
    rows = list(db.session.execute(query).unique().all())
    more = len(rows) > listing.limit
    rows = rows[:listing.limit]
    items = [row[0] for row in rows]
    slugs = {} if model is Municipality else {item.municipality_id: slug for item, slug in rows}
    return Page(items, encode_cursor(items[-1].id) if more else None, slugs)


def _tenant_select(model):
    """The model's rows of active municipalities, with each row's municipality slug."""
    return (select(model, Municipality.slug)
            .join(Municipality, Municipality.id == model.municipality_id)
            .where(Municipality.is_active.is_(True)))


def _filtered(query, model, link, link_key, listing: Listing):
    if listing.municipality:
        query = query.where(Municipality.slug == listing.municipality)
    if listing.theme:
        query = query.where(model.theme == listing.theme)
    if listing.sdg:
        query = query.where(exists().where(link_key == model.id, link.goal == listing.sdg))
    if listing.updated_since:
        query = query.where(model.updated_at >= listing.updated_since)
    return query


# --- municipalities ---------------------------------------------------------------------------

def municipalities(listing: Listing) -> Page:
    query = select(Municipality).where(Municipality.is_active.is_(True))
    if listing.updated_since:
        query = query.where(Municipality.updated_at >= listing.updated_since)
    return _page(query, Municipality, listing)


def municipality(slug: str) -> Municipality | None:
    return db.session.scalar(select(Municipality).where(
        Municipality.slug == slug, Municipality.is_active.is_(True)))


# --- ideas ------------------------------------------------------------------------------------

def _public_ideas():
    return (_tenant_select(Idea).where(Idea.moderation_state == ModerationState.published)
            .options(lazyload(Idea.author)))


def ideas(listing: Listing) -> Page:
    return _page(_filtered(_public_ideas(), Idea, IdeaSdg, IdeaSdg.idea_id, listing), Idea, listing)


def idea(idea_id: int) -> Page:
    return _page(_public_ideas().where(Idea.id == idea_id), Idea, Listing(limit=1))


def histories(idea_ids: list[int]) -> dict[int, list[tuple[IdeaStatusChange, str | None]]]:
    """The public history of each idea, oldest first, each step with the display name of the
    staff member who took it (never more of the account), in one query."""
    found: dict[int, list] = {idea_id: [] for idea_id in idea_ids}
    if idea_ids:
        for change, name in db.session.execute(
                select(IdeaStatusChange, User.display_name)
                .outerjoin(User, User.id == IdeaStatusChange.actor_id)
                .where(IdeaStatusChange.idea_id.in_(idea_ids),
                       IdeaStatusChange.kind.in_(PUBLIC_HISTORY))
                .options(lazyload(IdeaStatusChange.actor))
                .order_by(IdeaStatusChange.created_at, IdeaStatusChange.id)):
            found[change.idea_id].append((change, name))
    return found


# --- consultations ----------------------------------------------------------------------------

def _public_consultations():
    return (_tenant_select(Consultation).where(Consultation.published_at.is_not(None))
            .options(selectinload(Consultation.documents)
                     .joinedload(ConsultationDocument.stored_file)))


def consultations(listing: Listing) -> Page:
    query = _filtered(_public_consultations(), Consultation, ConsultationSdg,
                      ConsultationSdg.consultation_id, listing)
    return _page(query, Consultation, listing)


def consultation(consultation_id: int) -> Page:
    return _page(_public_consultations().where(Consultation.id == consultation_id), Consultation,
                 Listing(limit=1))


# --- votes ------------------------------------------------------------------------------------

def _public_votes():
    return (_tenant_select(Vote).where(Vote.published_at.is_not(None))
            .options(selectinload(Vote.projects).selectinload(Project.sdg_links)))


def votes(listing: Listing) -> Page:
    return _page(_filtered(_public_votes(), Vote, VoteSdg, VoteSdg.vote_id, listing), Vote, listing)


def vote(vote_id: int) -> Page:
    return _page(_public_votes().where(Vote.id == vote_id), Vote, Listing(limit=1))


def closed_vote_counts(votes_: list[Vote]) -> tuple[dict[int, int], dict[int, dict[int, int]]]:
    """Ballots per closed vote and votes per project, in two grouped queries for the page.
    Aggregates only: never a ballot, never who voted."""
    ids = [item.id for item in votes_ if item.phase is VotePhase.closed]
    if not ids:
        return {}, {}
    ballots = dict(db.session.execute(
        select(Ballot.vote_id, func.count(Ballot.id)).where(Ballot.vote_id.in_(ids))
        .group_by(Ballot.vote_id)).all())
    per_project: dict[int, dict[int, int]] = {vote_id: {} for vote_id in ids}
    for vote_id, project_id, count in db.session.execute(
            select(Ballot.vote_id, BallotChoice.project_id, func.count())
            .join(Ballot, Ballot.id == BallotChoice.ballot_id).where(Ballot.vote_id.in_(ids))
            .group_by(Ballot.vote_id, BallotChoice.project_id)):
        per_project[vote_id][project_id] = count
    return ballots, per_project


# --- surveys ----------------------------------------------------------------------------------

def _public_surveys():
    now = utcnow()
    return _tenant_select(Survey).where(
        Survey.status == SurveyStatus.published, Survey.public_results.is_(True),
        or_(Survey.opens_at.is_(None), Survey.opens_at <= now))


def surveys(listing: Listing) -> Page:
    return _page(_filtered(_public_surveys(), Survey, SurveySdg, SurveySdg.survey_id, listing),
                 Survey, listing)


def survey(survey_id: int) -> Page:
    return _page(_public_surveys().where(Survey.id == survey_id), Survey, Listing(limit=1))


def response_counts(survey_ids: list[int]) -> dict[int, int]:
    if not survey_ids:
        return {}
    return dict(db.session.execute(
        select(SurveyResponse.survey_id, func.count(SurveyResponse.id))
        .where(SurveyResponse.survey_id.in_(survey_ids)).group_by(SurveyResponse.survey_id)).all())


# --- experiences ------------------------------------------------------------------------------

def _public_experiences():
    return _tenant_select(Experience).where(Experience.published_at.is_not(None))


def experiences(listing: Listing) -> Page:
    return _page(_filtered(_public_experiences(), Experience, ExperienceSdg,
                           ExperienceSdg.experience_id, listing), Experience, listing)


def experience(experience_id: int) -> Page:
    return _page(_public_experiences().where(Experience.id == experience_id), Experience,
                 Listing(limit=1))
