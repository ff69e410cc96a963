"""Municipality administration: saving settings, validation, and the audit trail (who may open
the page: test_permissions.py)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.models import Role
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
