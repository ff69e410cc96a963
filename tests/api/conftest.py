"""Fixtures of the API tests: the world of public and non-public items (tests/api/factories.py)."""
from __future__ import annotations

import pytest

from tests.api.factories import build_world


@pytest.fixture
def world(db, make_municipality, make_user):
    return build_world(make_municipality, make_user)
