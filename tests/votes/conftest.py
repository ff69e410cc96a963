"""Fixtures for the vote tests; the factories themselves are in factories.py."""
from __future__ import annotations

import pytest

# `close` is re-exported: tests/browser/test_votes.py imports it (and the fixture) from here.
from tests.votes.factories import close, create_vote  # noqa: F401


@pytest.fixture
def make_vote(db):
    """`make_vote(municipality, **options)`: see factories.create_vote."""
    return create_vote


@pytest.fixture
def many_log_ins(app, monkeypatch):
    """Many voters log in from one address (127.0.0.1) in the concurrency tests."""
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "100000 per minute")
