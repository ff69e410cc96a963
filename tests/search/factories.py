"""Items of every kind for search tests, made the way the app makes them (ideas through the
service, the rest straight in the database with the areas' own factories), and a way to read
the hits off the search page."""
from __future__ import annotations

import itertools
import re
from datetime import timedelta

from app.accounts.models import Role
from app.accounts.services import create_user
from app.core.clock import utcnow
from app.core.extensions import db
from app.experiences.models import Experience
from app.moderation.models import ModerationState
from tests.consultations.factories import make_consultation
from tests.ideas.factories import create_idea
from tests.surveys.factories import build_survey
from tests.votes.factories import create_vote

_n = itertools.count(1)


def resident(municipality):
    user = create_user(f"sok{next(_n)}@example.no", "Korrekt-hest-batteri-9", "Søker",
                       municipality=municipality, role=Role.resident)
    db.session.commit()
    return user


def idea(municipality, title, body="Et forslag til kommunen.", *, state=None, theme="mobilitet",
         sdgs=()):
    return create_idea(municipality, resident(municipality), title=title, body=body, theme=theme,
                       sdgs=sdgs, state=state)


def consultation(municipality, title_nb=None, title_nn=None, *, published=True, theme=None,
                 sdgs=(), **fields):
    item = make_consultation(municipality, title_nb=title_nb, title_nn=title_nn,
                             published=published, theme=theme, **fields)
    if sdgs:
        item.sdgs = sdgs
        db.session.commit()
    return item


def vote(municipality, title, *, published=True, theme=None, sdgs=(), projects=None):
    item = create_vote(municipality, title=title, published=published,
                       **({"projects": projects} if projects is not None else {}))
    item.theme, item.sdgs = theme, sdgs
    db.session.commit()
    return item


def survey(municipality, title, *, status=None, theme=None, sdgs=()):
    item = build_survey(municipality, title=title,
                        **({"status": status} if status is not None else {}))
    item.theme, item.sdgs = theme, sdgs
    db.session.commit()
    return item


def experience(municipality, title_nb=None, title_nn=None, *, published=True, theme=None,
               sdgs=(), asked_nb=None, asked_nn=None):
    item = Experience(municipality_id=municipality.id, kind="consultation",
                      item_id=next(_n) + 10_000, title_nb=title_nb, title_nn=title_nn,
                      asked_nb=asked_nb, asked_nn=asked_nn, participants=12, theme=theme,
                      outcome_nb="Planen ble endret." if title_nb else None,
                      outcome_nn="Planen vart endra." if title_nn else None,
                      published_at=utcnow() - timedelta(days=1) if published else None)
    item.sdgs = sdgs
    db.session.add(item)
    db.session.commit()
    return item


HIT = re.compile(r'<h2 id="treff-\d+"><a href="([^"]+)"[^>]*>([^<]+)</a>')


def hits(client, query: str) -> list[str]:
    """The titles of the hits on /sok/?<query>, in order."""
    response = client.get(f"/sok/?{query}")
    assert response.status_code == 200, response.status_code
    return [title for _, title in HIT.findall(response.get_data(as_text=True))]


def links(client, query: str) -> dict[str, str]:
    """title -> link of the hits on /sok/?<query>."""
    html = client.get(f"/sok/?{query}").get_data(as_text=True)
    return {title: url for url, title in HIT.findall(html)}


__all__ = ["ModerationState"]
