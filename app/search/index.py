"""Keeping the search index current.

After every flush, each idea, consultation, vote, survey or experience that was added, changed
or deleted in it (or whose goals or vote projects were) gets its `search_entries` row rebuilt:
deleted, then inserted again if the item is visible to everyone. `rebuild()` does the same for
every item (`flask search reindex`).

A vote is about its own goals and those of its projects, and found by its projects' names and
descriptions too.

Visible: an idea whose moderation state is published; a consultation and a vote once published
(`published_at` set); a survey whose status is published; a published experience. Whether the
municipality is active is checked when searching, so (de)activating a member needs no reindex.
"""
from __future__ import annotations

from typing import Callable, Iterable

from sqlalchemy import delete, event, func, inspect, select
from sqlalchemy.orm import Session

from app.consultations.models import Consultation, ConsultationSdg
from app.core.extensions import db
from app.experiences.models import Experience, ExperienceSdg
from app.ideas.models import Idea, IdeaSdg
from app.moderation.models import ModerationState
from app.search.documents import EntryData, insert_statement, row_values
from app.search.models import SearchEntry
from app.surveys.models import Survey, SurveySdg, SurveyStatus
from app.votes.models import Project, ProjectSdg, Vote, VoteSdg

TABLE = SearchEntry.__table__


def _idea(idea: Idea) -> EntryData | None:
    if idea.moderation_state is not ModerationState.published:
        return None
    return EntryData("idea", idea.id, idea.municipality_id, idea.theme, idea.sdgs, idea.title,
                     None, idea.body, None, (idea.place_text,), idea.created_at)


def _consultation(item: Consultation) -> EntryData | None:
    if item.published_at is None:
        return None
    return EntryData("consultation", item.id, item.municipality_id, item.theme, item.sdgs,
                     item.title_nb, item.title_nn, item.summary_nb or item.body_nb,
                     item.summary_nn or item.body_nn,
                     (item.body_nb, item.body_nn, item.conclusion_nb, item.conclusion_nn),
                     item.published_at)


def _vote(vote: Vote) -> EntryData | None:
    if vote.published_at is None:
        return None
    kept = [project for project in vote.projects if not inspect(project).was_deleted]
    projects = [text for project in kept for text in (project.title_nb, project.title_nn,
                                                       project.description_nb,
                                                       project.description_nn) if text]
    goals = {*vote.sdgs, *(goal for project in kept for goal in project.sdgs)}
    return EntryData("vote", vote.id, vote.municipality_id, vote.theme, goals, vote.title_nb,
                     vote.title_nn, vote.description_nb, vote.description_nn, tuple(projects),
                     vote.published_at)


def _survey(survey: Survey) -> EntryData | None:
    if survey.status is not SurveyStatus.published:
        return None
    return EntryData("survey", survey.id, survey.municipality_id, survey.theme, survey.sdgs,
                     survey.title_nb, survey.title_nn, survey.intro_nb, survey.intro_nn, (),
                     survey.opens_at or survey.created_at)


def _experience(item: Experience) -> EntryData | None:
    if item.published_at is None:
        return None
    return EntryData("experience", item.id, item.municipality_id, item.theme, item.sdgs,
                     item.title_nb, item.title_nn, item.asked_nb, item.asked_nn,
                     (item.outcome_nb, item.outcome_nn, item.differently_nb, item.differently_nn),
                     item.published_at)


#: the indexed models: their kind and how an entry is made of one item
BUILDERS: dict[type, tuple[str, Callable]] = {
    Idea: ("idea", _idea), Consultation: ("consultation", _consultation), Vote: ("vote", _vote),
    Survey: ("survey", _survey), Experience: ("experience", _experience),
}
#: rows that belong to an indexed item (or to such a row): (its model, the foreign key attribute)
PARTS: dict[type, tuple[type, str]] = {
    IdeaSdg: (Idea, "idea_id"), ConsultationSdg: (Consultation, "consultation_id"),
    VoteSdg: (Vote, "vote_id"), SurveySdg: (Survey, "survey_id"),
    ExperienceSdg: (Experience, "experience_id"), Project: (Vote, "vote_id"),
    ProjectSdg: (Project, "project_id"),
}


def write_entries(connection, items: Iterable, removed: Iterable[tuple[str, int]] = ()) -> None:
    """Replace the entries of `items` (indexed model instances) and delete those of `removed`
    ((kind, id) pairs), on `connection`."""
    dialect = connection.dialect.name
    gone: dict[str, set[int]] = {}
    rows = []
    for kind, item_id in removed:
        gone.setdefault(kind, set()).add(item_id)
    for item in items:
        kind, build = BUILDERS[type(item)]
        gone.setdefault(kind, set()).add(item.id)
        data = build(item)
        if data is not None:
            rows.append(row_values(data, dialect))
    for kind, ids in gone.items():
        connection.execute(delete(TABLE).where(TABLE.c.kind == kind, TABLE.c.item_id.in_(ids)))
    if rows:
        connection.execute(insert_statement(TABLE, dialect), rows)


def _touched(session: Session) -> tuple[set, set]:
    """What a flush added, changed or deleted, read without loading anything (loading inside a
    flush would put stale objects in the identity map): (model, id) of the items and of the rows
    that belong to them, and (kind, id) of the deleted items."""
    touched, removed = set(), set()
    changed = [obj for obj in session.dirty if session.is_modified(obj, include_collections=True)]
    for obj in [*session.new, *changed, *session.deleted]:
        model = type(obj)
        if model in PARTS:
            owner, key = PARTS[model]
            if getattr(obj, key, None) is not None:
                touched.add((owner, getattr(obj, key)))
        elif model in BUILDERS and obj.id is not None:
            if obj in session.deleted:
                removed.add((BUILDERS[model][0], obj.id))
            else:
                touched.add((model, obj.id))
    return touched, removed


def _owner(session: Session, model: type, object_id: int):
    """The indexed item (model, id) is or belongs to, or None when it no longer exists."""
    obj = session.get(model, object_id)
    while obj is not None and type(obj) in PARTS:
        owner, key = PARTS[type(obj)]
        obj = session.get(owner, getattr(obj, key))
    return obj


def _after_flush(session: Session, _flush_context) -> None:
    touched, removed = _touched(session)
    if touched or removed:
        pending = session.info.setdefault("search_pending", [set(), set()])
        pending[0] |= touched
        pending[1] |= removed


def _after_flush_postexec(session: Session, _flush_context) -> None:
    """Once the flushed objects are in the identity map: rebuild the entries noted."""
    touched, removed = session.info.pop("search_pending", (set(), set()))
    items = {}
    for model, object_id in touched:
        item = _owner(session, model, object_id)
        if item is not None:
            items[(BUILDERS[type(item)][0], item.id)] = item
    removed = {key for key in removed if key not in items}
    if items or removed:
        write_entries(session.connection(), items.values(), removed)


def _forget(session: Session, *_args) -> None:
    """A flush that failed halfway left notes that describe nothing: drop them."""
    session.info.pop("search_pending", None)


def listen() -> None:
    """Keep the index current after each flush of the app's sessions (once per process)."""
    if not event.contains(db.session, "after_flush", _after_flush):
        event.listen(db.session, "after_flush", _after_flush)
        event.listen(db.session, "after_flush_postexec", _after_flush_postexec)
        event.listen(db.session, "after_soft_rollback", _forget)


# --- rebuilding ------------------------------------------------------------------------------

BATCH = 500


def count_items() -> int:
    return sum(db.session.scalar(select(func.count()).select_from(model)) or 0
               for model in BUILDERS)


def rebuild(progress: Callable[[int], None] | None = None) -> int:
    """Empty the index and fill it again from every item, a batch at a time; `progress(n)`
    after each batch of n items. Returns the number of entries. The caller commits."""
    connection = db.session.connection()
    connection.execute(delete(TABLE))
    for model in BUILDERS:
        last = 0
        while True:
            batch = db.session.scalars(select(model).where(model.id > last)
                                       .order_by(model.id).limit(BATCH)).all()
            if not batch:
                break
            write_entries(connection, batch)
            last = batch[-1].id
            if progress:
                progress(len(batch))
            db.session.expunge_all()
    return db.session.scalar(select(func.count()).select_from(SearchEntry)) or 0
