"""Municipality administration: who may change settings, validation, and the audit trail."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.accounts.permissions import can_administer, can_moderate, is_network_admin
from app.core.audit import AuditEvent
from app.municipalities.models import ModerationMode, Municipality
from tests.conftest import submit

SETTINGS = {"default_locale": "nn", "enabled_locales": ["nb", "nn", "en"], "moderation_mode": "pre",
            "accessibility_statement_url": "https://uustatus.no/nb/erklaringar/publisert/1",
            "privacy_contact": "Personvern@Asker.kommune.no",
            "embed_origins": "https://www.asker.kommune.no/\nhttp://127.0.0.1:5001\n"}


@pytest.fixture
def asker(make_municipality):
    return make_municipality("Asker")


@pytest.mark.parametrize("who,status", [
    ("anonymous", 302), ("resident", 403), ("moderator", 403), ("admin", 200),
    ("admin_elsewhere", 403), ("network_admin", 403)])
def test_who_may_open_the_admin_page(client, auth, make_user, make_municipality, asker, who,
                                     status):
    if who in ("resident", "moderator", "admin"):
        auth.login(make_user(role=Role(who), municipality=asker))
    elif who == "admin_elsewhere":
        auth.login(make_user(role=Role.admin, municipality=make_municipality("Bærum")))
    elif who == "network_admin":
        auth.login(make_user(network_admin=True))
    assert client.get("/asker/admin/").status_code == status


def test_admin_saves_settings_and_the_change_is_audited(client, auth, db, make_user, asker):
    admin = make_user(role=Role.admin, municipality=asker)
    auth.login(admin)
    response = submit(client, "/asker/admin/", SETTINGS)
    assert response.status_code == 302
    saved = db.session.scalar(select(Municipality).where(Municipality.slug == "asker"))
    assert saved.default_locale == "nn" and saved.moderation_mode is ModerationMode.pre
    assert saved.privacy_contact == "personvern@asker.kommune.no"
    assert saved.embed_origin_list == ["https://www.asker.kommune.no", "http://127.0.0.1:5001"]
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "municipality.settings_changed"))
    assert event.actor_id == admin.id and event.municipality_id == asker.id
    assert event.before["moderation_mode"] == "post" and event.after["moderation_mode"] == "pre"


@pytest.mark.parametrize("field,value,message", [
    ("embed_origins", "https://kommune.no/side\n", "Not a web origin"),
    ("embed_origins", "javascript:alert(1)", "Not a web origin"),
    ("accessibility_statement_url", "ikke en adresse", "full web address"),
    ("privacy_contact", "ingen-krøll", "valid e-mail address"),
    ("enabled_locales", ["en"], "default written form must be one of the languages"),
])
def test_bad_settings_are_refused_and_nothing_changes(client, auth, db, make_user, asker, field,
                                                      value, message):
    auth.login(make_user(role=Role.admin, municipality=asker))
    response = submit(client, "/asker/admin/?lang=en", {**SETTINGS, field: value})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    saved = db.session.scalar(select(Municipality).where(Municipality.slug == "asker"))
    assert saved.moderation_mode is ModerationMode.post and saved.embed_origins == ""
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "municipality.settings_changed")) is None


def test_audit_events_cannot_be_changed(db, make_user, asker):
    from app.core.audit import AuditLogIsAppendOnly, record

    event = record("test.event", asker, municipality=asker)
    db.session.commit()
    event.reason = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()


@pytest.mark.parametrize("role,moderate,administer", [
    (None, False, False), (Role.resident, False, False), (Role.moderator, True, False),
    (Role.admin, True, True)])
def test_permission_predicates(db, make_user, make_municipality, asker, role, moderate, administer):
    other = make_municipality("Bærum")
    user = make_user(role=role, municipality=asker if role else None)
    assert can_moderate(user, asker) is moderate
    assert can_administer(user, asker) is administer
    assert can_moderate(user, other) is False and can_administer(user, other) is False
    assert is_network_admin(user) is False
    user.active = False
    assert can_moderate(user, asker) is False


def test_anonymous_has_no_rights(asker):
    from flask_login import AnonymousUserMixin

    anonymous = AnonymousUserMixin()
    assert not can_moderate(anonymous, asker) and not can_administer(anonymous, asker)
    assert not is_network_admin(anonymous)
