"""Who may open which experience page, by role x state (draft, published), grouped per
role x state; and another municipality's experience."""
from __future__ import annotations

import pytest

from app.accounts.models import Role
from tests.conftest import csrf_from
from tests.experiences.factories import finished_item, make_experience

ROLES = ["anonymous", "resident", "moderator", "admin", "other_admin", "network_admin"]
STATES = ["draft", "published"]

#: the public pages: the list always; an experience only once published, for everyone alike
PUBLIC = {
    "/rolle/erfaringer/": {state: dict.fromkeys(ROLES, 200) for state in STATES},
    "/rolle/erfaringer/{id}": {"draft": dict.fromkeys(ROLES, 404),
                               "published": dict.fromkeys(ROLES, 200)},
    "/erfaringer/": {state: dict.fromkeys(ROLES, 200) for state in STATES},
}
ADMIN_PAGES = ["/rolle/admin/erfaringer/", "/rolle/admin/erfaringer/{id}",
               "/rolle/admin/erfaringer/ny/vote/{vote_id}"]
#: the admin pages answer the same in both states: only the municipality's admins get in
ADMIN = {"anonymous": 302, "resident": 403, "moderator": 403, "admin": 200, "other_admin": 403,
         "network_admin": 403}
#: the admin actions (POST): the admins are sent back to the edit page, the others refused
ACTIONS = ["/rolle/admin/erfaringer/{id}/publiser", "/rolle/admin/erfaringer/{id}/avpubliser"]
ACTION = {"anonymous": 302, "resident": 403, "moderator": 403, "admin": 302, "other_admin": 403,
          "network_admin": 403}


@pytest.fixture
def visit(client, auth, make_municipality, make_user):
    """Log in as `role` and make an experience of the home municipality in `state`."""
    def setup(role: str, state: str):
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
        experience = make_experience(home, finished_item(home, "consultation"),
                                     published=state == "published")
        vote = finished_item(home, "vote")
        token = csrf_from(client.get("/konto/logg-inn" if role == "anonymous" else "/konto/")
                          .get_data(as_text=True))

        def url(path):
            return path.format(id=experience.id, vote_id=vote.id)

        return (lambda path: client.get(url(path)).status_code,
                lambda path: client.post(url(path), data={"csrf_token": token}).status_code)
    return setup


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_pages_by_role_and_state(visit, role, state):
    get, post = visit(role, state)
    assert {path: get(path) for path in PUBLIC} == {
        path: codes[state][role] for path, codes in PUBLIC.items()}
    assert {path: get(path) for path in ADMIN_PAGES} == dict.fromkeys(ADMIN_PAGES, ADMIN[role])
    assert {path: post(path) for path in ACTIONS} == dict.fromkeys(ACTIONS, ACTION[role])


def test_an_admin_cannot_reach_another_municipalitys_experience(
        client, auth, make_municipality, make_user):
    home = make_municipality("Hjem")
    other = make_municipality("Borte")
    theirs = make_experience(other, finished_item(other, "consultation"))
    their_vote = finished_item(other, "vote")
    auth.login(make_user(role=Role.admin, municipality=home))
    assert client.get(f"/hjem/admin/erfaringer/{theirs.id}").status_code == 404
    assert client.get(f"/hjem/erfaringer/{theirs.id}").status_code == 404
    assert client.get(f"/hjem/admin/erfaringer/ny/vote/{their_vote.id}").status_code == 404
    assert client.get(f"/borte/admin/erfaringer/{theirs.id}").status_code == 403
    assert client.get(f"/borte/erfaringer/{theirs.id}").status_code == 200


def test_an_inactive_municipalitys_experience_is_not_shown(client, db, make_municipality):
    sleeping = make_municipality("Sovende")
    experience = make_experience(sleeping, finished_item(sleeping, "consultation"),
                                 title_nb="Sovende erfaring")
    assert "Sovende erfaring" in client.get("/erfaringer/").get_data(as_text=True)
    sleeping.is_active = False
    db.session.commit()
    assert client.get(f"/sovende/erfaringer/{experience.id}").status_code == 404
    assert "Sovende erfaring" not in client.get("/erfaringer/").get_data(as_text=True)
