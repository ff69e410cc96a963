"""Reads of the privacy area: one account's contributions (a page across five kinds), and
everything stored about it (the "Mine data" download)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from sqlalchemy import func, literal, select, union_all

from app.accounts.models import User
from app.consultations.models import Consultation, ConsultationAnswer
from app.core.extensions import db
from app.core.i18n import localized
from app.core.pagination import Page
from app.ideas.models import Idea, IdeaComment
from app.moderation.models import ModerationState
from app.municipalities.models import Municipality
from app.surveys.models import Survey, SurveyResponse, SurveyStatus
from app.votes.models import Ballot, Vote

#: contributions shown per page on /konto/mine-bidrag
PER_PAGE = 20

#: the kinds of contribution, in the order a tie on time is broken
KINDS = ("idea", "comment", "answer", "survey", "ballot")


@dataclass
class Contribution:
    """One line of "My contributions": what it is, when, in which municipality, and a link
    while the item is still public (None when it is not)."""

    kind: str
    id: int
    at: datetime
    title: str
    municipality: Municipality | None
    url: str | None
    #: the contribution's own moderation state, where it has one
    state: ModerationState | None = None


def _contribution_rows(user_id: int):
    """(kind, id, at) of every contribution of the account, one UNION over the five tables."""
    parts = [
        select(literal("idea").label("kind"), Idea.id.label("id"), Idea.created_at.label("at"))
        .where(Idea.author_id == user_id),
        select(literal("comment"), IdeaComment.id, IdeaComment.created_at)
        .where(IdeaComment.author_id == user_id),
        select(literal("answer"), ConsultationAnswer.id, ConsultationAnswer.created_at)
        .where(ConsultationAnswer.author_id == user_id),
        select(literal("survey"), SurveyResponse.id, SurveyResponse.submitted_at)
        .where(SurveyResponse.user_id == user_id),
        select(literal("ballot"), Ballot.id, Ballot.created_at).where(Ballot.user_id == user_id),
    ]
    return union_all(*parts).subquery()


def contributions(user: User, page: int) -> Page:
    """One page of the account's contributions, newest first: a count, the page's keys, then one
    query per kind on the page (at most seven queries whatever the number of contributions)."""
    rows = _contribution_rows(user.id)
    total = db.session.scalar(select(func.count()).select_from(rows)) or 0
    keys = db.session.execute(
        select(rows.c.kind, rows.c.id, rows.c.at)
        .order_by(rows.c.at.desc(), rows.c.kind, rows.c.id.desc())
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    loaded = _load([(kind, id_) for kind, id_, _at in keys])
    items = [loaded[(kind, id_)] for kind, id_, _at in keys if (kind, id_) in loaded]
    return Page(items, total, page, PER_PAGE)


def _ids(keys, kind) -> list[int]:
    return [id_ for k, id_ in keys if k == kind]


def _link(endpoint: str, municipality, visible: bool, **values) -> str | None:
    if not visible or municipality is None or not municipality.is_active:
        return None
    return url_for(endpoint, municipality=municipality.slug, **values)


def _load(keys) -> dict:
    """The Contribution for each (kind, id): one column query a kind (no entity, so nothing is
    loaded eagerly behind it) and one for the municipalities."""
    published = ModerationState.published
    rows = []  # (key, municipality_id, make(town) -> Contribution)
    for r in db.session.execute(
            select(Idea.id, Idea.created_at, Idea.title, Idea.moderation_state,
                   Idea.municipality_id).where(Idea.id.in_(_ids(keys, "idea")))):
        rows.append((("idea", r.id), r.municipality_id, lambda town, r=r: Contribution(
            "idea", r.id, r.created_at, r.title, town,
            _link("tenant.ideas.detail", town, r.moderation_state is published, idea_id=r.id),
            r.moderation_state)))
    for r in db.session.execute(
            select(IdeaComment.id, IdeaComment.created_at, IdeaComment.moderation_state,
                   IdeaComment.municipality_id, IdeaComment.idea_id, Idea.title,
                   Idea.moderation_state.label("idea_state"))
            .join(Idea, Idea.id == IdeaComment.idea_id)
            .where(IdeaComment.id.in_(_ids(keys, "comment")))):
        visible = r.moderation_state is published and r.idea_state is published
        rows.append((("comment", r.id), r.municipality_id, lambda town, r=r, v=visible: Contribution(
            "comment", r.id, r.created_at, r.title, town,
            _link("tenant.ideas.detail", town, v, idea_id=r.idea_id, _anchor=f"kommentar-{r.id}"),
            r.moderation_state)))
    for r in db.session.execute(
            select(ConsultationAnswer.id, ConsultationAnswer.created_at,
                   ConsultationAnswer.moderation_state, ConsultationAnswer.municipality_id,
                   Consultation.id.label("item_id"), Consultation.title_nb, Consultation.title_nn,
                   Consultation.published_at)
            .join(Consultation, Consultation.id == ConsultationAnswer.consultation_id)
            .where(ConsultationAnswer.id.in_(_ids(keys, "answer")))):
        rows.append((("answer", r.id), r.municipality_id, lambda town, r=r: Contribution(
            "answer", r.id, r.created_at, localized(r, "title"), town,
            _link("tenant.consultations.detail", town, r.published_at is not None,
                  consultation_id=r.item_id), r.moderation_state)))
    for r in db.session.execute(
            select(SurveyResponse.id, SurveyResponse.submitted_at, SurveyResponse.municipality_id,
                   Survey.id.label("item_id"), Survey.title_nb, Survey.title_nn, Survey.status)
            .join(Survey, Survey.id == SurveyResponse.survey_id)
            .where(SurveyResponse.id.in_(_ids(keys, "survey")))):
        rows.append((("survey", r.id), r.municipality_id, lambda town, r=r: Contribution(
            "survey", r.id, r.submitted_at, localized(r, "title"), town,
            _link("tenant.surveys.detail", town, r.status is SurveyStatus.published,
                  survey_id=r.item_id))))
    for r in db.session.execute(
            select(Ballot.id, Ballot.created_at, Ballot.municipality_id, Vote.id.label("item_id"),
                   Vote.title_nb, Vote.title_nn, Vote.published_at)
            .join(Vote, Vote.id == Ballot.vote_id).where(Ballot.id.in_(_ids(keys, "ballot")))):
        rows.append((("ballot", r.id), r.municipality_id, lambda town, r=r: Contribution(
            "ballot", r.id, r.created_at, localized(r, "title"), town,
            _link("tenant.votes.detail", town, r.published_at is not None, vote_id=r.item_id))))
    wanted = {municipality_id for _key, municipality_id, _make in rows}
    towns = {m.id: m for m in db.session.scalars(
        select(Municipality).where(Municipality.id.in_(wanted)))} if wanted else {}
    return {key: make(towns.get(municipality_id)) for key, municipality_id, make in rows}
