"""The clock is reset after each experience test (some move it)."""
from __future__ import annotations

import pytest

from app.core import clock as core_clock


@pytest.fixture(autouse=True)
def _reset_clock():
    yield
    core_clock.frozen_now = None
