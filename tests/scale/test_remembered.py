"""The network's totals are kept per process (counting reads every row): with the page cache on
a new idea shows at once; with it off, within NETWORK_FIGURES_SECONDS."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.accounts.models import Role
from app.core import clock


def ideas_in_figures(app) -> int:
    html = app.test_client().get("/", headers={"Accept-Language": "nb"}).get_data(as_text=True)
    return int(re.search(r"<dt>Ideer</dt><dd>([\d\s\u00a0]+)</dd>", html).group(1)
               .replace("\u00a0", "").replace(" ", ""))


@pytest.fixture
def kept_figures(app):
    app.config["NETWORK_FIGURES_SECONDS"] = 60
    yield
    app.config["NETWORK_FIGURES_SECONDS"] = 0
    app.extensions.pop("cache_remembered", None)


@pytest.fixture
def town(make_municipality, make_user):
    municipality = make_municipality("Telleby")
    return municipality, make_user(role=Role.resident, municipality=municipality)


def test_with_the_page_cache_a_new_idea_is_counted_at_once(app, page_cache, kept_figures, town,
                                                           make_idea):
    municipality, author = town
    make_idea(municipality, author)
    before = ideas_in_figures(app)
    make_idea(municipality, author)
    assert ideas_in_figures(app) == before + 1


def test_without_it_the_totals_are_at_most_a_minute_old(app, kept_figures, town, make_idea,
                                                        monkeypatch):
    monkeypatch.setattr(clock, "frozen_now", clock.utcnow().replace(second=0, microsecond=0))
    municipality, author = town
    make_idea(municipality, author)
    before = ideas_in_figures(app)
    make_idea(municipality, author)
    assert ideas_in_figures(app) == before  # kept
    monkeypatch.setattr(clock, "frozen_now", clock.frozen_now + timedelta(seconds=60))
    assert ideas_in_figures(app) == before + 1
    app.config["NETWORK_FIGURES_SECONDS"] = 0
    make_idea(municipality, author)
    assert ideas_in_figures(app) == before + 2  # counted on every request
