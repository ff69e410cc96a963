"""Who may share, browse, preview and copy: the predicate, and every sharing page as a matrix
of role x the item's state (shared or not), asserting the status code each combination gives.
Only the municipality's own admins get in; the item's state then decides between a page and a
404 (another member's item that is not shared is as good as absent)."""
from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from app.sharing.permissions import can_use_network
from tests.conftest import csrf_from
from tests.sharing.factories import rich_vote

ROLES = ["anonymous", "resident", "moderator", "admin", "admin_elsewhere", "network_admin"]
STATES = ["shared", "not_shared"]


@pytest.fixture
def as_role(auth, make_user, make_municipality, world):
    def login(role: str):
        if role == "anonymous":
            return AnonymousUserMixin()
        if role == "admin_elsewhere":
            user = make_user(role="admin", municipality=make_municipality("Annensted"))
        elif role == "network_admin":
            user = make_user(network_admin=True)
        else:
            user = make_user(role=role, municipality=world.voss)
        auth.login(user)
        return user
    return login


@pytest.mark.parametrize("role", ROLES)
def test_only_the_municipalitys_admins_use_the_network(world, as_role, role, db):
    user = as_role(role)
    assert can_use_network(user, world.voss) is (role == "admin")
    world.voss.is_active = False
    assert can_use_network(user, world.voss) is False


def _expected(role: str, found: bool, ok: int) -> int:
    if role == "anonymous":
        return 302  # to the log-in page
    if role != "admin":
        return 403
    return ok if found else 404


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_every_sharing_page_by_role_and_state(client, world, as_role, role, state):
    theirs = rich_vote(world.asker, world.asker_admin, world.resident, shared=state == "shared")
    ours = rich_vote(world.voss, world.voss_admin, world.resident, shared=state == "shared")
    as_role(role)
    token = csrf_from(client.get("/konto/logg-inn" if role == "anonymous" else "/konto/")
                      .get_data(as_text=True))
    base = "/voss/admin/fra-nettverket"
    shared = state == "shared"
    assert client.get(f"{base}/").status_code == _expected(role, True, 200)
    assert client.get(f"{base}/avstemning/{theirs.id}").status_code == \
        _expected(role, shared, 200)
    share = client.post(f"{base}/del/avstemning/{ours.id}", data={"csrf_token": token})
    assert share.status_code == _expected(role, True, 302)
    unshare = client.post(f"{base}/del/avstemning/{ours.id}/stopp", data={"csrf_token": token})
    assert unshare.status_code == _expected(role, True, 302)
    copied = client.post(f"{base}/avstemning/{theirs.id}/kopier", data={"csrf_token": token})
    assert copied.status_code == _expected(role, shared, 302)
    if role == "admin":
        # another member's item cannot be shared or unshared from here, whatever its state
        for tail in ("", "/stopp"):
            assert client.post(f"{base}/del/avstemning/{theirs.id}{tail}",
                               data={"csrf_token": token}).status_code == 404
