"""Builders for experience tests: finished items and experiences straight in the database."""
from __future__ import annotations

from datetime import timedelta

from app.core.clock import utcnow
from app.core.extensions import db
from app.experiences.models import Experience
from tests.consultations.factories import consultation_in_phase
from tests.surveys.factories import survey_in_state
from tests.votes.factories import create_vote, hours


def finished_item(municipality, kind: str, *, theme: str | None = "mobilitet", sdgs=(11,),
                  title: str | None = None):
    """A concluded consultation, a closed vote or a closed survey of the municipality, with a
    theme and goals; committed."""
    if kind == "consultation":
        item = consultation_in_phase(municipality, "concluded",
                                     title_nb=title or "Ny skole på Holmen")
    elif kind == "vote":
        item = create_vote(municipality, opens_at=hours(-48), closes_at=hours(-1),
                           title=title or "Innbyggerbudsjett 2027")
    else:
        item = survey_in_state(municipality, "closed", title=title or "Hvordan reiser du til jobb?")
    item.theme = theme
    item.sdgs = list(sdgs)
    db.session.commit()
    return item


def make_experience(municipality, item, kind: str = "consultation", *, published: bool = True,
                    title_nb: str | None = "Slik fikk vi flere svar", title_nn: str | None = None,
                    theme: str | None = "mobilitet", sdgs=(11,), participants: int = 42,
                    published_at=None) -> Experience:
    """An experience of `item`, complete in bokmål (and nynorsk when `title_nn`); committed."""
    experience = Experience(
        municipality_id=municipality.id, kind=kind, item_id=item.id,
        title_nb=title_nb, asked_nb="Hva mener du?" if title_nb else None,
        outcome_nb="Vi gjorde det." if title_nb else None,
        title_nn=title_nn, asked_nn="Kva meiner du?" if title_nn else None,
        outcome_nn="Vi gjorde det." if title_nn else None,
        participants=participants, theme=theme,
        published_at=(published_at or utcnow() - timedelta(hours=1)) if published else None)
    experience.sdgs = list(sdgs)
    db.session.add(experience)
    db.session.commit()
    return experience


def complete_form(**overrides) -> dict:
    """Form data for a complete experience in bokmål."""
    data = {"title_nb": "Slik fikk vi flere svar", "asked_nb": "Hva mener du om skolen?",
            "outcome_nb": "Kommunestyret bygde skolen.", "differently_nb": "Starte tidligere.",
            "title_nn": "", "asked_nn": "", "outcome_nn": "", "differently_nn": "",
            "participants": "17", "theme": "mobilitet", "sdgs": ["4", "11"]}
    data.update(overrides)
    return data
