"""Who may open a municipality's admin settings page, and the predicates behind it."""
from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from app.accounts.models import Role
from app.accounts.permissions import is_network_admin
from app.municipalities.permissions import (
    can_administer, can_change_settings, can_moderate, is_listed,
)
from tests.accounts.factories import WHO, sign_in_as
from tests.conftest import csrf_from

#: status of GET /<k>/admin/ by who visits, for an active municipality
ACTIVE = {"anonymous": 302, "resident": 403, "moderator": 403, "admin": 200,
          "admin_elsewhere": 403, "network_admin": 403}


@pytest.mark.parametrize("state", ["active", "inactive"])
@pytest.mark.parametrize("who", WHO)
def test_who_may_open_the_settings(client, auth, make_user, make_municipality, who, state):
    asker = make_municipality("Asker", is_active=state == "active")
    sign_in_as(who, asker, auth=auth, make_user=make_user, make_municipality=make_municipality)
    expected = ACTIVE[who] if state == "active" else 404
    assert client.get("/asker/admin/").status_code == expected


@pytest.mark.parametrize("who", WHO)
def test_who_may_save_the_settings(client, auth, db, make_user, make_municipality, who):
    asker = make_municipality("Asker")
    sign_in_as(who, asker, auth=auth, make_user=make_user, make_municipality=make_municipality)
    token = csrf_from(client.get("/konto/logg-inn" if who == "anonymous" else "/konto/")
                      .get_data(as_text=True))
    response = client.post("/asker/admin/", data={
        "csrf_token": token, "default_locale": "nn", "enabled_locales": ["nb", "nn"],
        "moderation_mode": "pre"})
    assert response.status_code == {"admin": 302}.get(who, ACTIVE[who])
    db.session.refresh(asker)
    assert (asker.default_locale == "nn") is (who == "admin")


@pytest.mark.parametrize("role,moderate,administer", [
    (None, False, False), (Role.resident, False, False), (Role.moderator, True, False),
    (Role.admin, True, True)])
def test_permission_predicates(db, make_user, make_municipality, role, moderate, administer):
    asker, other = make_municipality("Asker"), make_municipality("Bærum")
    user = make_user(role=role, municipality=asker if role else None)
    assert can_moderate(user, asker) is moderate
    assert can_administer(user, asker) is administer
    assert can_change_settings(user, asker) is administer
    assert not can_moderate(user, other) and not can_change_settings(user, other)
    assert is_network_admin(user) is False
    user.active = False
    assert not can_moderate(user, asker) and not can_change_settings(user, asker)


def test_network_admins_do_not_administer_members(db, make_user, make_municipality):
    asker = make_municipality("Asker")
    secretariat = make_user(network_admin=True)
    assert is_network_admin(secretariat)
    assert not can_moderate(secretariat, asker) and not can_change_settings(secretariat, asker)


def test_anonymous_has_no_rights(db, make_municipality):
    asker = make_municipality("Asker")
    anonymous = AnonymousUserMixin()
    assert not can_moderate(anonymous, asker) and not can_change_settings(anonymous, asker)
    assert not is_network_admin(anonymous)


@pytest.mark.parametrize("active", [True, False])
def test_only_active_municipalities_are_listed(db, client, make_municipality, active):
    asker = make_municipality("Asker", number="3203", is_active=active)
    assert is_listed(asker) is active and not is_listed(None)
    assert client.get("/k/3203").status_code == (301 if active else 404)
