"""The clock the figures tests freeze, put back after each test."""
from __future__ import annotations

import pytest

from app.core import clock as core_clock


@pytest.fixture(autouse=True)
def _unfreeze_clock():
    yield
    core_clock.frozen_now = None
