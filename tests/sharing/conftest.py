"""Fixtures for sharing: two member municipalities (Asker shares, Voss copies) with their
people."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.accounts.models import Role
from app.municipalities.models import Malform


@pytest.fixture
def world(db, make_municipality, make_user):
    asker = make_municipality("Asker")
    voss = make_municipality("Voss", malform=Malform.nynorsk)
    return SimpleNamespace(
        asker=asker, voss=voss,
        asker_admin=make_user(role=Role.admin, municipality=asker),
        voss_admin=make_user(role=Role.admin, municipality=voss),
        resident=make_user(role=Role.resident, municipality=asker),
    )
