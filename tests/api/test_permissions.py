"""Who sees what through the API: the same for everyone. Being logged in, as a resident, as the
municipality's admin or as the network's secretariat, opens nothing that is not public:
the matrix is role × state (public / not public), over every kind of item."""
from __future__ import annotations

import pytest

from tests.api.factories import get_json

KINDS = ("ideas", "consultations", "votes", "surveys", "experiences")
ROLES = ("anonymous", "resident", "admin", "network_admin")


def _log_in(role, world, auth, make_user):
    if role == "resident":
        auth.login(world.resident)
    elif role == "admin":
        auth.login(world.staff)
    elif role == "network_admin":
        auth.login(make_user(network_admin=True))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", ("public", "not public"))
def test_role_by_state(client, auth, world, make_user, role, state):
    _log_in(role, world, auth, make_user)
    for kind in KINDS:
        listed = {item["id"] for item in get_json(client, f"/api/v1/{kind}?limit=100")["data"]}
        if state == "public":
            assert listed == set(world.public[kind]), (role, kind)
            for item_id in world.public[kind]:
                get_json(client, f"/api/v1/{kind}/{item_id}")
        else:
            assert not listed & set(world.hidden[kind]), (role, kind)
            for item_id in world.hidden[kind]:
                get_json(client, f"/api/v1/{kind}/{item_id}", status=404)
