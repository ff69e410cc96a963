"""Who may open the privacy area's pages, by role and state, and the predicates behind them."""
from __future__ import annotations

import pytest

from app.accounts.models import Role
from app.privacy.permissions import can_manage_own_data, can_see_retention
from tests.accounts.factories import WHO, sign_in_as

#: status of each page by who visits an active municipality
EXPECTED = {
    #                   notice  admin  contributions  data  download  delete
    "anonymous":       (200,    302,   302,           302,  302,      302),
    "resident":        (200,    403,   200,           200,  200,      200),
    "moderator":       (200,    403,   200,           200,  200,      200),
    "admin":           (200,    200,   200,           200,  200,      200),
    "admin_elsewhere": (200,    403,   200,           200,  200,      200),
    "network_admin":   (200,    403,   200,           200,  200,      200),
}
PATHS = ("/oslo/personvern", "/oslo/admin/personvern/", "/konto/mine-bidrag", "/konto/mine-data",
         "/konto/mine-data/last-ned", "/konto/slett")


@pytest.mark.parametrize("state", ["active", "inactive"])
@pytest.mark.parametrize("who", WHO)
def test_who_may_open_the_privacy_pages(client, auth, make_user, make_municipality, who, state):
    oslo = make_municipality("Oslo", is_active=state == "active")
    sign_in_as(who, oslo, auth=auth, make_user=make_user, make_municipality=make_municipality)
    expected = list(EXPECTED[who])
    if state == "inactive":  # the municipality's pages are gone; the account's are not
        expected[0] = expected[1] = 404
    assert [client.get(path).status_code for path in PATHS] == expected


@pytest.mark.parametrize("role,own,retention", [
    (None, True, False), (Role.resident, True, False), (Role.moderator, True, False),
    (Role.admin, True, True)])
def test_predicates(db, make_user, make_municipality, role, own, retention):
    oslo, other = make_municipality("Oslo"), make_municipality("Bergen")
    user = make_user(role=role, municipality=oslo if role else None)
    assert can_manage_own_data(user) is own
    assert can_see_retention(user, oslo) is retention and not can_see_retention(user, other)
    user.active = False
    assert not can_manage_own_data(user) and not can_see_retention(user, oslo)


def test_anonymous_has_no_own_data(db):
    from flask_login import AnonymousUserMixin

    assert not can_manage_own_data(AnonymousUserMixin())
