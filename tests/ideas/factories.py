"""Factories for ideas and comments, through the services (as the app makes them)."""
from __future__ import annotations

import itertools

import pytest

from app.core.extensions import db
from app.ideas import services
from app.moderation.models import ModerationState
from app.municipalities.models import Municipality

_n = itertools.count(1)


def create_idea(municipality, author, *, title=None, body=None, theme="mobilitet", sdgs=(),
                state: ModerationState | None = None, **data):
    n = next(_n)
    idea = services.submit_idea(municipality, author, {
        "title": title or f"Idé nummer {n}", "body": body or f"Beskrivelse av idé {n}, lang nok.",
        "theme": theme, "sdgs": list(sdgs), **data})
    if state is not None:
        idea.moderation_state = state
    db.session.commit()
    return idea


def create_comment(idea, author, body=None, parent_id=None, state=None):
    municipality = db.session.get(Municipality, idea.municipality_id)
    comment = services.add_comment(idea, author, municipality, body or f"Kommentar {next(_n)}",
                                   parent_id)
    if state is not None:
        comment.moderation_state = state
        services.recount_comments(idea.id)
    db.session.commit()
    return comment


@pytest.fixture
def make_idea(db):
    return create_idea


@pytest.fixture
def make_comment(db):
    return create_comment
