"""Fixtures for consultations: the clock the tests move, and the factories of factories.py."""
from __future__ import annotations

import pytest

from app.core import clock as core_clock
from tests.consultations import factories


@pytest.fixture(autouse=True)
def clock():
    yield factories.Clock()
    core_clock.frozen_now = None


@pytest.fixture
def make_consultation(db):
    """A consultation straight in the database: see `factories.make_consultation`."""
    return factories.make_consultation


@pytest.fixture
def make_answer(db):
    """An answer straight in the database: see `factories.make_answer`."""
    return factories.make_answer
