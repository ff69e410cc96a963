"""Reads for experiences: the items an experience can be about, the municipality's experiences,
and the published ones across the network (lists with filters, the latest few)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import url_for
from sqlalchemy import exists, func, select
from sqlalchemy.orm import lazyload

from app.consultations.models import Consultation, ConsultationAnswer, Phase
from app.core.clock import utcnow
from app.core.extensions import db
from app.core.i18n import WRITTEN_FORMS, localized
from app.core.pagination import Page, paginate
from app.core.tenancy import MAX_ID
from app.core.vocabulary import SDGS, THEMES
from app.experiences.models import Experience, ExperienceSdg
from app.municipalities.models import Municipality
from app.surveys.models import Survey, SurveyResponse, SurveyStatus
from app.votes.models import Ballot, Vote

PER_PAGE = 20


@dataclass(frozen=True)
class ItemKind:
    """What an experience can be about: a kind of item, when it has finished, how many took part."""

    key: str
    model: type
    #: the public page of such an item, and the name of its id in that URL
    endpoint: str
    id_arg: str
    #: SQL: the item has finished (a consultation concluded, a vote or survey closed)
    finished: Callable[[], object]
    #: SQL: how many took part in the item with this id (a scalar subquery)
    participants: Callable[[object], object]

    def title(self, item) -> str:
        return localized(item, "title")

    def url(self, item) -> str:
        return url_for(self.endpoint, **{self.id_arg: item.id})


ITEM_KINDS = {
    "consultation": ItemKind(
        "consultation", Consultation, "tenant.consultations.detail", "consultation_id",
        lambda: Consultation.phase == Phase.concluded.value,
        lambda item_id: select(func.count(ConsultationAnswer.id)).where(
            ConsultationAnswer.consultation_id == item_id, ConsultationAnswer.is_approved)),
    "vote": ItemKind(
        "vote", Vote, "tenant.votes.detail", "vote_id",
        lambda: Vote.published_at.is_not(None) & (Vote.closes_at <= utcnow()),
        lambda item_id: select(func.count(Ballot.id)).where(Ballot.vote_id == item_id)),
    "survey": ItemKind(
        "survey", Survey, "tenant.surveys.detail", "survey_id",
        lambda: (Survey.status == SurveyStatus.published) & Survey.closes_at.is_not(None)
        & (Survey.closes_at <= utcnow()),
        lambda item_id: select(func.count(SurveyResponse.id)).where(
            SurveyResponse.survey_id == item_id)),
}


def item_of(kind: ItemKind, item_id: int, municipality):
    """The municipality's item of this kind with this id, or None."""
    if not 0 < item_id <= MAX_ID:
        return None
    return db.session.scalar(select(kind.model).options(lazyload("*")).where(
        kind.model.id == item_id, kind.model.municipality_id == municipality.id))


def is_finished(kind: ItemKind, item) -> bool:
    return bool(db.session.scalar(select(kind.model.id).where(
        kind.model.id == item.id, kind.finished())))


def participants_of(kind: ItemKind, item) -> int:
    """How many took part: published consultation answers, ballots or survey responses."""
    return db.session.scalar(kind.participants(item.id)) or 0


def suggested_values(kind: ItemKind, item, municipality) -> dict:
    """What a new experience's form starts with: the item's title (in its written form; a
    vote's in the municipality's), theme, goals and participant count."""
    title = kind.title(item)
    form = getattr(title, "lang", None) or (
        municipality.default_locale if municipality.default_locale in WRITTEN_FORMS else "nb")
    return {f"title_{form}": str(title), "theme": item.theme or "", "sdgs": item.sdgs,
            "participants": participants_of(kind, item)}


def experience_about(kind: ItemKind, item) -> Experience | None:
    return db.session.scalar(select(Experience).where(
        Experience.municipality_id == item.municipality_id, Experience.kind == kind.key,
        Experience.item_id == item.id))


@dataclass
class Candidate:
    """A finished item without an experience yet."""

    kind: ItemKind
    item: object
    title: str
    participants: int

    @property
    def kind_label(self) -> str:
        # The network package imports this module (through its routes): import its labels late.
        from app.network.labels import KIND_LABELS
        return str(KIND_LABELS[self.kind.key])


def candidates(municipality) -> list[Candidate]:
    """The municipality's concluded consultations, closed votes and closed surveys that have no
    experience yet, each with its participant count; one query per kind."""
    found = []
    for kind in ITEM_KINDS.values():
        model = kind.model
        written = exists().where(Experience.municipality_id == municipality.id,
                                 Experience.kind == kind.key, Experience.item_id == model.id)
        rows = db.session.execute(
            select(model, kind.participants(model.id).scalar_subquery())
            .options(lazyload("*"))
            .where(model.municipality_id == municipality.id, kind.finished(), ~written)
            .order_by(model.closes_at.desc(), model.id.desc()))
        found += [Candidate(kind, item, kind.title(item), count) for item, count in rows]
    return found


def experiences_of(municipality) -> list[Experience]:
    """All the municipality's experiences, drafts first, then newest."""
    return list(db.session.scalars(select(Experience).where(
        Experience.municipality_id == municipality.id).order_by(
        Experience.published_at.is_not(None), Experience.updated_at.desc(), Experience.id.desc())))


@dataclass
class ItemRef:
    """The item an experience is about, as a link: its title (LocalText or str) and page."""

    title: str
    url: str


def ref_of(kind: ItemKind, item) -> ItemRef:
    return ItemRef(kind.title(item), kind.url(item))


def refs_of(experiences) -> dict[tuple[str, int], ItemRef]:
    """The items the experiences are about, keyed (kind, id); one query per kind present."""
    wanted: dict[str, set[int]] = {}
    for experience in experiences:
        wanted.setdefault(experience.kind, set()).add(experience.item_id)
    found = {}
    for key, ids in wanted.items():
        kind = ITEM_KINDS.get(key)
        if kind is None:
            continue
        for item in db.session.scalars(select(kind.model).options(lazyload("*")).where(
                kind.model.id.in_(ids))):
            found[(key, item.id)] = ref_of(kind, item)
    return found


def ref_about(experience: Experience, municipality) -> ItemRef | None:
    """The item one experience is about, or None when it has been deleted."""
    kind = ITEM_KINDS.get(experience.kind)
    item = item_of(kind, experience.item_id, municipality) if kind else None
    return ref_of(kind, item) if item is not None else None


# --- published, across the network -----------------------------------------------------------

def _published():
    # The lists show the theme, not the goals: no second query for them.
    return (select(Experience).options(lazyload(Experience.sdg_links))
            .join(Municipality, Municipality.id == Experience.municipality_id)
            .where(Experience.published_at.is_not(None), Municipality.is_active.is_(True)))


def _about(query, theme: str | None = None, goal: int | None = None):
    if theme:
        query = query.where(Experience.theme == theme)
    if goal:
        query = query.where(exists().where(ExperienceSdg.experience_id == Experience.id,
                                           ExperienceSdg.goal == goal))
    return query


_NEWEST = (Experience.published_at.desc(), Experience.id.desc())


def latest_published(limit: int = 5, *, theme: str | None = None,
                     goal: int | None = None) -> list[Experience]:
    """The newest published experiences of active members, optionally of one theme or goal."""
    return list(db.session.scalars(
        _about(_published(), theme, goal).order_by(*_NEWEST).limit(limit)))


@dataclass
class ExperienceFilters:
    theme: str = ""
    goal: int | None = None
    municipality: str = ""

    @property
    def active(self) -> bool:
        return bool(self.theme or self.goal or self.municipality)


def parse_filters(args) -> ExperienceFilters:
    """?tema=&mal=&kommune= from the query string; unknown values are ignored."""
    try:
        goal = int(args.get("mal", ""))
    except ValueError:
        goal = None
    theme = args.get("tema", "")
    return ExperienceFilters(theme=theme if theme in THEMES else "",
                             goal=goal if goal in SDGS else None,
                             municipality=args.get("kommune", "")[:140])


def find_published(filters: ExperienceFilters, page: int, *, municipality=None) -> Page:
    """One page of published experiences of active members, newest first."""
    query = _about(_published(), filters.theme, filters.goal)
    if municipality is not None:
        query = query.where(Experience.municipality_id == municipality.id)
    elif filters.municipality:
        query = query.where(Municipality.slug == filters.municipality)
    return paginate(query.order_by(*_NEWEST), page, PER_PAGE)
