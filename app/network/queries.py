"""What is open for input now, across the network or in one municipality; what is about a
theme or a goal (open, finished, counted per municipality); the network's figures."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from flask import current_app, url_for
from sqlalchemy import exists, func, select
from sqlalchemy.orm import lazyload

from app.consultations.models import Consultation, ConsultationAnswer, ConsultationSdg, Phase
from app.core.cache import remembered
from app.core.clock import utcnow
from app.core.extensions import db
from app.core.i18n import localized
from app.experiences.models import Experience, ExperienceSdg
from app.experiences.queries import ITEM_KINDS
from app.ideas.models import Idea, IdeaSdg, IdeaStatus
from app.moderation.models import ModerationState
from app.municipalities.models import Municipality
from app.network.labels import KIND_LABELS
from app.surveys.models import Survey, SurveyResponse, SurveySdg, SurveyStatus
from app.votes.models import Ballot, Project, ProjectSdg, Vote, VoteSdg

_FAR_FUTURE = datetime.max.replace(tzinfo=timezone.utc)


@dataclass
class OpenItem:
    kind: str
    title: str
    url: str
    municipality: object
    #: None for a survey that stays open until the municipality closes it
    closes_at: datetime | None

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


@dataclass(frozen=True)
class Topic:
    """A theme (`theme` is its key) or a goal (`goal` is its number)."""

    theme: str | None = None
    goal: int | None = None


def open_for_input(municipalities, limit: int | None = None,
                   topic: Topic | None = None) -> list[OpenItem]:
    """Open consultations, votes and surveys of these municipalities (about `topic` when
    given), nearest deadline first.

    Three queries whatever the number of municipalities or items; only published items that
    are open right now. Titles are in the reader's written form where there is one.
    """
    by_id = {m.id: m for m in municipalities}
    if not by_id:
        return []
    ids = list(by_id)
    items: list[OpenItem] = []

    def add(kind: str, title: str, endpoint: str, item, **ids_in_url) -> None:
        municipality = by_id[item.municipality_id]
        url = url_for(endpoint, municipality=municipality.slug, **ids_in_url)
        items.append(OpenItem(kind, title, url, municipality, item.closes_at))

    # lazyload("*"): the list needs columns only, not the relationships an area loads eagerly.
    for consultation in db.session.scalars(select(Consultation).options(lazyload("*")).where(
            Consultation.municipality_id.in_(ids), Consultation.phase == Phase.open.value,
            *_about_if(Consultation, topic))):
        add("consultation", localized(consultation, "title"), "tenant.consultations.detail",
            consultation, consultation_id=consultation.id)
    now = utcnow()
    for vote in db.session.scalars(select(Vote).options(lazyload("*")).where(
            Vote.municipality_id.in_(ids), Vote.published_at.is_not(None),
            Vote.opens_at <= now, Vote.closes_at > now, *_about_if(Vote, topic))):
        add("vote", vote.title, "tenant.votes.detail", vote, vote_id=vote.id)
    for survey in db.session.scalars(select(Survey).options(lazyload("*")).where(
            Survey.municipality_id.in_(ids), Survey.is_open, *_about_if(Survey, topic))):
        add("survey", localized(survey, "title"), "tenant.surveys.detail", survey,
            survey_id=survey.id)
    items.sort(key=lambda item: (item.closes_at or _FAR_FUTURE, item.title))
    return items[:limit] if limit else items


# --- what is about a theme or a goal ---------------------------------------------------------

#: a municipality's answers to an idea that count as "done" on the theme and goal pages
ANSWERED = (IdeaStatus.accepted, IdeaStatus.implemented, IdeaStatus.not_pursued)
#: how many finished items of each kind a theme or goal page lists
DONE_PER_KIND = 10


def _about_if(model, topic: Topic | None) -> list:
    return [about(model, topic)] if topic is not None else []


def about(model, topic: Topic):
    """SQL: an item of `model` (Idea, Consultation, Vote, Survey) is about the topic. A vote is
    about a goal through its own goals or those of its projects."""
    if topic.theme:
        return model.theme == topic.theme
    link, column = _GOAL_LINKS[model]
    tagged = exists().where(column == model.id, link.goal == topic.goal)
    if model is Vote:
        tagged = tagged | exists().where(Project.vote_id == Vote.id,
                                         ProjectSdg.project_id == Project.id,
                                         ProjectSdg.goal == topic.goal)
    return tagged


_GOAL_LINKS = {Idea: (IdeaSdg, IdeaSdg.idea_id),
               Consultation: (ConsultationSdg, ConsultationSdg.consultation_id),
               Vote: (VoteSdg, VoteSdg.vote_id), Survey: (SurveySdg, SurveySdg.survey_id)}


def _public(model):
    """SQL: residents can see the item (published; an idea also through moderation)."""
    return {Idea: Idea.moderation_state == ModerationState.published,
            Consultation: Consultation.published_at.is_not(None),
            Vote: Vote.published_at.is_not(None),
            Survey: Survey.status == SurveyStatus.published}[model]


#: the kinds an experience can be about share their "finished" and "took part" rules with it
_ITEM_KIND_OF = {Consultation: ITEM_KINDS["consultation"], Vote: ITEM_KINDS["vote"],
                 Survey: ITEM_KINDS["survey"]}


def _done(model):
    """SQL: the item has finished: a concluded consultation, a closed vote or survey (the rules
    of experiences), an idea the municipality has answered."""
    if model is Idea:
        return Idea.answer_status.in_(ANSWERED)
    return _ITEM_KIND_OF[model].finished()


@dataclass
class DoneItem:
    kind: str
    title: str
    url: str
    municipality: object
    #: when it concluded, closed or (an idea) was last answered
    finished_at: datetime
    #: answers, ballots, responses or (an idea) supporters
    participants: int
    #: an idea's answer (IdeaStatus), else None
    status: object = None
    #: a vote's results page, else None
    results_url: str | None = None

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


def _participants(model):
    """SQL: answers, ballots or responses of the item (as experiences count them); supporters
    of an idea."""
    if model is Idea:
        return Idea.support_count
    return _ITEM_KIND_OF[model].participants(model.id).scalar_subquery()


#: kind, model, the page's endpoint and id argument, the date it finished
_DONE_KINDS = (
    ("consultation", Consultation, "tenant.consultations.detail", "consultation_id",
     Consultation.concluded_at),
    ("vote", Vote, "tenant.votes.detail", "vote_id", Vote.closes_at),
    ("survey", Survey, "tenant.surveys.detail", "survey_id", Survey.closes_at),
    ("idea", Idea, "tenant.ideas.detail", "idea_id", Idea.updated_at),
)


def done_about(topic: Topic, municipalities) -> list[DoneItem]:
    """The latest finished items about the topic in these municipalities (at most
    DONE_PER_KIND of each kind), newest first; one query per kind whatever their number."""
    by_id = {m.id: m for m in municipalities}
    items: list[DoneItem] = []
    for kind, model, endpoint, id_arg, finished_at in _DONE_KINDS:
        rows = db.session.execute(
            select(model, _participants(model)).options(lazyload("*"))
            .where(model.municipality_id.in_(list(by_id)), _public(model), _done(model),
                   about(model, topic))
            .order_by(finished_at.desc(), model.id.desc()).limit(DONE_PER_KIND))
        for item, participants in rows:
            municipality = by_id[item.municipality_id]
            title = localized(item, "title") if hasattr(item, "title_nb") else item.title
            url = url_for(endpoint, municipality=municipality.slug, **{id_arg: item.id})
            items.append(DoneItem(
                kind, title, url, municipality, getattr(item, finished_at.key), participants or 0,
                status=item.status if model is Idea else None,
                results_url=url_for("tenant.votes.results", municipality=municipality.slug,
                                    vote_id=item.id) if model is Vote else None))
    items.sort(key=lambda item: (item.finished_at, item.title), reverse=True)
    return items


@dataclass
class MunicipalityCounts:
    municipality: object
    ideas: int = 0
    consultations: int = 0
    votes: int = 0
    surveys: int = 0
    experiences: int = 0

    @property
    def total(self) -> int:
        return self.ideas + self.consultations + self.votes + self.surveys + self.experiences


def counts_about(topic: Topic, municipalities) -> list[MunicipalityCounts]:
    """Per municipality with anything about the topic: its public ideas, consultations, votes,
    surveys and published experiences; one grouped query per kind. Most first."""
    by_id = {m.id: MunicipalityCounts(m) for m in municipalities}
    ids = list(by_id)
    for name, model in (("ideas", Idea), ("consultations", Consultation), ("votes", Vote),
                        ("surveys", Survey)):
        for municipality_id, count in db.session.execute(
                select(model.municipality_id, func.count(model.id))
                .where(model.municipality_id.in_(ids), _public(model), about(model, topic))
                .group_by(model.municipality_id)):
            setattr(by_id[municipality_id], name, count)
    experience_about = (Experience.theme == topic.theme if topic.theme else exists().where(
        ExperienceSdg.experience_id == Experience.id, ExperienceSdg.goal == topic.goal))
    for municipality_id, count in db.session.execute(
            select(Experience.municipality_id, func.count(Experience.id))
            .where(Experience.municipality_id.in_(ids), Experience.published_at.is_not(None),
                   experience_about)
            .group_by(Experience.municipality_id)):
        by_id[municipality_id].experiences = count
    rows = [row for row in by_id.values() if row.total]
    rows.sort(key=lambda row: (-row.total, row.municipality.name))
    return rows


# --- the network as a whole ------------------------------------------------------------------

@dataclass
class NetworkFigures:
    members: int
    ideas: int
    answers: int
    ballots: int
    responses: int


def network_figures(municipalities) -> NetworkFigures:
    """Published ideas, published consultation answers, ballots and survey responses of the
    active members, in one query of four aggregates (not one per member). Counting reads every
    row (8 ms at 100,000 ideas, growing), so the totals are kept per process for
    NETWORK_FIGURES_SECONDS and counted again at once after a change while the page cache is
    on (app.core.cache.remembered)."""
    totals = remembered("network_figures", _network_totals,
                        current_app.config.get("NETWORK_FIGURES_SECONDS", 60))
    return NetworkFigures(len(municipalities), *totals)


def _network_totals() -> tuple[int, int, int, int]:
    active = select(Municipality.id).where(Municipality.is_active.is_(True))

    def count(column, *where):
        return select(func.count(column)).where(*where).scalar_subquery()

    row = db.session.execute(select(
        count(Idea.id, Idea.municipality_id.in_(active),
              Idea.moderation_state == ModerationState.published),
        count(ConsultationAnswer.id, ConsultationAnswer.municipality_id.in_(active),
              ConsultationAnswer.is_approved),
        count(Ballot.id, Ballot.municipality_id.in_(active)),
        count(SurveyResponse.id, SurveyResponse.municipality_id.in_(active)),
    )).one()
    return tuple(value or 0 for value in row)
