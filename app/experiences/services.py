"""Writes for experiences: create one about a finished item, edit, publish, unpublish, delete.
Each flushes and writes the audit log; the view commits."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.audit import record
from app.core.clock import utcnow
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.i18n import WRITTEN_FORMS
from app.core.vocabulary import THEMES
from app.experiences import queries
from app.experiences.models import Experience

#: the bilingual texts, each as <name>_nb and <name>_nn
TEXT_FIELDS = ("title", "asked", "outcome", "differently")
#: the texts a written form needs to be complete ("what we would do differently" is optional)
REQUIRED_TEXTS = ("title", "asked", "outcome")
MAX_PARTICIPANTS = 100_000_000


class ExperienceError(ServiceError):
    """An experience the services refuse to write."""


def _check_item(kind, item) -> None:
    if not queries.is_finished(kind, item):
        raise ExperienceError(str({
            "consultation": _l("An experience can only be written once the consultation has "
                               "concluded (the conclusion is published)."),
            "vote": _l("An experience can only be written once the vote has closed."),
            "survey": _l("An experience can only be written once the survey has closed."),
        }[kind.key]))
    if queries.experience_about(kind, item) is not None:
        raise ExperienceError(str(_l("This item already has an experience.")))


def _check_texts(data: dict) -> None:
    complete = []
    for form in WRITTEN_FORMS:
        filled = [name for name in REQUIRED_TEXTS if (data.get(f"{name}_{form}") or "").strip()]
        others = [name for name in TEXT_FIELDS if (data.get(f"{name}_{form}") or "").strip()]
        if len(filled) == len(REQUIRED_TEXTS):
            complete.append(form)
        elif others:
            field = next(f"{name}_{form}" for name in REQUIRED_TEXTS if name not in filled)
            raise ExperienceError(str(
                _l("Fill in the title, what was asked and what came of it in bokmål, or leave "
                   "the bokmål texts empty.") if form == "nb" else
                _l("Fill in the title, what was asked and what came of it in nynorsk, or leave "
                   "the nynorsk texts empty.")), field=field)
    if not complete:
        raise ExperienceError(str(_l("Write the title, what was asked and what came of it in "
                                     "bokmål or nynorsk.")), field="title_nb")


def _apply(experience: Experience, data: dict) -> None:
    _check_texts(data)
    participants = data.get("participants")
    if not isinstance(participants, int) or not 0 <= participants <= MAX_PARTICIPANTS:
        raise ExperienceError(str(_l("Give a number from 0 upwards.")), field="participants")
    theme = data.get("theme") or None
    if theme is not None and theme not in THEMES:
        raise ExperienceError(str(_l("Choose a theme from the list.")), field="theme")
    for name in TEXT_FIELDS:
        for form in WRITTEN_FORMS:
            setattr(experience, f"{name}_{form}", (data.get(f"{name}_{form}") or "").strip() or None)
    experience.participants = participants
    experience.theme = theme
    experience.sdgs = data.get("sdgs") or []


def _snapshot(experience: Experience) -> dict:
    return {"title_nb": experience.title_nb, "title_nn": experience.title_nn,
            "participants": experience.participants, "theme": experience.theme,
            "sdgs": experience.sdgs, "published": experience.is_published}


def create_experience(item, actor, municipality, kind, data: dict) -> Experience:
    """A draft experience about a finished item of the municipality. Refuses an item that has
    not concluded or closed, a second experience of the same item, and texts not complete in
    at least one written form."""
    if item.municipality_id != municipality.id:
        raise ExperienceError(str(_l("The item belongs to another municipality.")))
    _check_item(kind, item)
    experience = Experience(municipality_id=municipality.id, kind=kind.key, item_id=item.id,
                            created_by_id=getattr(actor, "id", None))
    _apply(experience, data)
    db.session.add(experience)
    db.session.flush()
    record("experience.created", experience, actor=actor, municipality=municipality,
           after=_snapshot(experience))
    return experience


def update_experience(experience: Experience, actor, data: dict) -> Experience:
    """Change an experience's texts, figure, theme and goals (published ones stay published)."""
    before = _snapshot(experience)
    _apply(experience, data)
    db.session.flush()
    record("experience.updated", experience, actor=actor, municipality=experience.municipality,
           before=before, after=_snapshot(experience))
    return experience


def publish_experience(experience: Experience, actor) -> Experience:
    """Show the experience to the network. Refuses one that is already published."""
    if experience.is_published:
        raise ExperienceError(str(_l("The experience is already published.")))
    _check_texts({f"{name}_{form}": getattr(experience, f"{name}_{form}")
                  for name in TEXT_FIELDS for form in WRITTEN_FORMS})
    experience.published_at = utcnow()
    db.session.flush()
    record("experience.published", experience, actor=actor, municipality=experience.municipality)
    return experience


def unpublish_experience(experience: Experience, actor) -> Experience:
    """Take the experience back to a draft. Refuses one that is not published."""
    if not experience.is_published:
        raise ExperienceError(str(_l("The experience is not published.")))
    experience.published_at = None
    db.session.flush()
    record("experience.unpublished", experience, actor=actor,
           municipality=experience.municipality)
    return experience


def delete_experience(experience: Experience, actor) -> None:
    """Delete the experience, draft or published (the audit log keeps what it was)."""
    record("experience.deleted", experience, actor=actor, municipality=experience.municipality,
           before=_snapshot(experience))
    db.session.delete(experience)
    db.session.flush()
