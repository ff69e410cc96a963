"""Who sees which figures: role x state, one test per pair that walks every figures page and
download and lists every mismatch at once; and the pure predicates."""
from __future__ import annotations

import pytest

from app.accounts.models import Role
from app.core.extensions import db
from app.figures import permissions
from tests.figures import factories as f

ROLES = ["anonymous", "resident", "moderator", "admin", "admin_other", "network_admin",
         "deactivated_admin"]
#: without contributions or decisions, and with some of each
STATES = ["empty", "with_data"]
LOGIN, OK, FORBIDDEN = 302, 200, 403

PAGES = {
    "participation": "/asker/admin/deltakelse/",
    "participation_csv": "/asker/admin/deltakelse/tall.csv?tabell=maned",
    "network": "/nettverk/deltakelse/",
    "network_csv": "/nettverk/deltakelse/tall.csv?tabell=kommuner",
    "openness": "/asker/apenhet/",
    "openness_csv": "/asker/apenhet/tall.csv?tabell=grunner",
}


def expected(role: str, page: str) -> int:
    if page.startswith("openness"):
        return OK
    if role in ("anonymous", "deactivated_admin"):
        return LOGIN
    allowed = "network_admin" if page.startswith("network") else "admin"
    return OK if role == allowed else FORBIDDEN


def sign_in(role, asker, bergen, make_user, auth):
    if role == "anonymous":
        return None
    kinds = {"resident": (Role.resident, asker), "moderator": (Role.moderator, asker),
             "admin": (Role.admin, asker), "admin_other": (Role.admin, bergen),
             "deactivated_admin": (Role.admin, asker)}
    if role == "network_admin":
        user = make_user(network_admin=True)
    else:
        user = make_user(role=kinds[role][0], municipality=kinds[role][1])
    auth.login(user)
    if role == "deactivated_admin":
        user.active = False
        db.session.commit()
    return user


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_matrix(client, auth, make_municipality, make_user, role, state):
    asker, bergen = make_municipality("Asker"), make_municipality("Bergen")
    if state == "with_data":
        f.idea(asker, make_user(), f.utc(2026, 3, 1, 12))
    sign_in(role, asker, bergen, make_user, auth)
    wrong = []
    for name, path in PAGES.items():
        response = client.get(path)
        if response.status_code != expected(role, name):
            wrong.append(f"{name}: {response.status_code}, expected {expected(role, name)}")
        elif response.status_code == OK and "csv" in name:
            assert response.headers["Content-Type"].startswith("text/csv")
        if response.status_code == OK and not name.startswith("openness"):
            assert response.headers["Cache-Control"] == "no-store" or \
                "no-store" in response.headers["Cache-Control"]
    assert not wrong, f"{role} / {state}: {wrong}"


def test_predicates(make_municipality, make_user):
    asker, bergen = make_municipality("Asker"), make_municipality("Bergen")
    admin = make_user(role=Role.admin, municipality=asker)
    moderator = make_user(role=Role.moderator, municipality=asker)
    secretariat = make_user(network_admin=True)
    assert permissions.can_see_participation(admin, asker)
    assert not permissions.can_see_participation(admin, bergen)
    assert not permissions.can_see_participation(moderator, asker)
    assert not permissions.can_see_participation(secretariat, asker)
    assert not permissions.can_see_participation(None, asker)
    assert permissions.can_see_network_participation(secretariat)
    assert not permissions.can_see_network_participation(admin)
    assert permissions.can_see_openness(None, asker)
    assert not permissions.can_see_openness(None, None)
