"""Who may open which page, by role x phase: the public pages and the admin pages, and
another municipality's consultation."""
from __future__ import annotations

import pytest

from app.accounts.models import Role
from tests.consultations.factories import consultation_in_phase

ROLES = ["anonymous", "resident", "moderator", "admin", "other_admin", "network_admin"]
PHASES = ["draft", "scheduled", "open", "closed", "concluded"]

#: the public pages' status codes today, by page, phase and role
PUBLIC = {
    "/horinger/": {phase: dict.fromkeys(ROLES, 200) for phase in PHASES},
    "/horinger/{id}": {
        "draft": {"anonymous": 404, "resident": 404, "moderator": 404, "admin": 200,
                  "other_admin": 404, "network_admin": 404},
        **{phase: dict.fromkeys(ROLES, 200) for phase in PHASES if phase != "draft"},
    },
    # log-in first; a draft is not found but by the admins, who get the "not open" page (403)
    "/horinger/{id}/svar": {
        "draft": {"anonymous": 302, "resident": 404, "moderator": 404, "admin": 403,
                  "other_admin": 404, "network_admin": 404},
        "scheduled": {**dict.fromkeys(ROLES, 403), "anonymous": 302},
        "open": {**dict.fromkeys(ROLES, 200), "anonymous": 302},
        "closed": {**dict.fromkeys(ROLES, 403), "anonymous": 302},
        "concluded": {**dict.fromkeys(ROLES, 403), "anonymous": 302},
    },
}

ADMIN_PAGES = ["/admin/horinger/", "/admin/horinger/ny", "/admin/horinger/{id}",
               "/admin/horinger/{id}/dokumenter", "/admin/horinger/{id}/instanser",
               "/admin/horinger/{id}/svar", "/admin/horinger/{id}/konklusjon",
               "/admin/horinger/{id}/eksport/csv", "/admin/horinger/{id}/eksport/zip"]

#: the admin pages answer the same in every phase: only the municipality's admins get in
ADMIN = {"anonymous": 302, "resident": 403, "moderator": 403, "admin": 200, "other_admin": 403,
         "network_admin": 403}


@pytest.fixture
def visit(client, auth, make_municipality, make_user):
    """Log in as `role` (of the home municipality; `other_admin` of another one) and make a
    consultation of the home municipality in `phase`; returns a GET by path pattern."""
    def setup(role: str, phase: str):
        home = make_municipality("Rolle")
        other = make_municipality("Annen")
        users = {
            "resident": lambda: make_user(role=Role.resident, municipality=home),
            "moderator": lambda: make_user(role=Role.moderator, municipality=home),
            "admin": lambda: make_user(role=Role.admin, municipality=home),
            "other_admin": lambda: make_user(role=Role.admin, municipality=other),
            "network_admin": lambda: make_user(network_admin=True),
        }
        if role != "anonymous":
            auth.login(users[role]())
        consultation = consultation_in_phase(home, phase)
        assert consultation.phase.value == phase
        return lambda path: client.get("/rolle" + path.format(id=consultation.id)).status_code
    return setup


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_public_pages_by_role_and_phase(visit, role, phase):
    get = visit(role, phase)
    got = {path: get(path) for path in PUBLIC}
    assert got == {path: codes[phase][role] for path, codes in PUBLIC.items()}


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_admin_pages_by_role_and_phase(visit, role, phase):
    get = visit(role, phase)
    got = {path: get(path) for path in ADMIN_PAGES}
    assert got == dict.fromkeys(ADMIN_PAGES, ADMIN[role])


def test_an_admin_cannot_reach_another_municipalitys_consultation(
        client, auth, make_municipality, make_user, make_consultation):
    home = make_municipality("Hjem")
    other = make_municipality("Borte")
    theirs = make_consultation(other)
    auth.login(make_user(role=Role.admin, municipality=home))
    assert client.get(f"/hjem/admin/horinger/{theirs.id}").status_code == 404
    assert client.get(f"/hjem/horinger/{theirs.id}").status_code == 404
    assert client.get(f"/borte/admin/horinger/{theirs.id}").status_code == 403
