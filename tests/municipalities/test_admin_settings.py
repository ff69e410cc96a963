"""Municipality administration: saving settings, validation, and the audit trail (who may open
the page: test_permissions.py)."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

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


# --- the form shows what is set, and changes only what the admin changes (issue 11) ----------

class FormReader(HTMLParser):
    """The values a browser would send for the page's POST form, as rendered."""

    def __init__(self):
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") not in ("submit",):
            if a.get("type") in ("radio", "checkbox") and "checked" not in a:
                return
            self.values.append((a["name"], a.get("value") or ""))
        elif tag == "textarea":
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            for newline in ("\r\n", "\n"):  # a browser drops the newline after <textarea>
                if text.startswith(newline):
                    text = text[len(newline):]
                    break
            self.values.append((name, text))
            self._textarea = None


def rendered_form(client, path: str) -> MultiDict:
    reader = FormReader()
    reader.feed(client.get(path).get_data(as_text=True))
    return MultiDict(reader.values)


@pytest.fixture
def configured(make_municipality):
    return make_municipality(
        "Voss", default_locale="nn", enabled_locales="nb,nn", moderation_mode=ModerationMode.pre,
        privacy_contact="personvern@voss.kommune.no", embed_origins="https://www.voss.kommune.no",
        idporten_acr="idporten-loa-high", privacy_controller="Voss herad",
        privacy_notice_nn="Vi lagrar *lite*.\nLes meir på nettsida.", retention_days=365)


def settings_of(db, slug="voss") -> dict:
    from app.municipalities.services import _snapshot

    db.session.expire_all()
    return _snapshot(db.session.scalar(select(Municipality).where(Municipality.slug == slug)))


def test_the_form_shows_the_current_settings(client, auth, make_user, configured):
    auth.login(make_user(role=Role.admin, municipality=configured))
    form = rendered_form(client, "/voss/admin/")
    assert form.getlist("enabled_locales") == ["nb", "nn"]
    assert form["default_locale"] == "nn" and form["moderation_mode"] == "pre"
    assert form["idporten_acr"] == "idporten-loa-high" and form["retention_days"] == "365"
    assert form["privacy_notice_nn"] == "Vi lagrar *lite*.\nLes meir på nettsida."
    assert form["privacy_controller"] == "Voss herad"


def test_the_form_sent_back_as_rendered_changes_nothing(client, auth, db, make_user, configured):
    auth.login(make_user(role=Role.admin, municipality=configured))
    before = settings_of(db)
    form = rendered_form(client, "/voss/admin/")
    # a browser sends textareas with CR LF line endings
    form["privacy_notice_nn"] = form["privacy_notice_nn"].replace("\n", "\r\n")
    response = client.post("/voss/admin/?lang=en", data=form, follow_redirects=True)
    assert "Nothing was changed." in response.get_data(as_text=True)
    assert settings_of(db) == before
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "municipality.settings_changed")) is None


@pytest.mark.parametrize("field,value,stored", [
    ("retention_days", "90", 90), ("retention_days", "", None),
    ("idporten_acr", "idporten-loa-substantial", "idporten-loa-substantial"),
    ("idporten_onbehalfof", "voss-innbyggar", "voss-innbyggar"),
    ("privacy_controller", "", None), ("default_locale", "nb", "nb"),
])
def test_changing_one_field_changes_only_it(client, auth, db, make_user, configured, field, value,
                                            stored):
    auth.login(make_user(role=Role.admin, municipality=configured))
    before = settings_of(db)
    form = rendered_form(client, "/voss/admin/")
    form[field] = value
    assert client.post("/voss/admin/", data=form).status_code == 302
    after = settings_of(db)
    assert after[field] == stored
    assert {k: v for k, v in after.items() if k != field} == \
        {k: v for k, v in before.items() if k != field}
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "municipality.settings_changed"))
    assert set(event.after) == {field} and event.before[field] == before[field]
    assert after["moderation_mode"] == "pre"


@pytest.mark.parametrize("value", ["29", "3651", "ett år", "-30", "12.5"])
def test_a_retention_outside_the_range_is_refused_clearly(client, auth, db, make_user, configured,
                                                          value):
    auth.login(make_user(role=Role.admin, municipality=configured))
    form = rendered_form(client, "/voss/admin/?lang=en")
    form["retention_days"] = value
    response = client.post("/voss/admin/?lang=en", data=form)
    assert response.status_code == 200
    assert "whole number from 30 to 3650" in response.get_data(as_text=True)
    assert settings_of(db)["retention_days"] == 365


def test_a_form_without_the_moderation_mode_keeps_it(client, auth, db, make_user, configured):
    """A radio group missing from the POST (an old form, a script) keeps the stored choice."""
    auth.login(make_user(role=Role.admin, municipality=configured))
    form = rendered_form(client, "/voss/admin/")
    del form["moderation_mode"]
    form["privacy_controller"] = "Voss herad, rådmannen"
    assert client.post("/voss/admin/", data=form).status_code == 302
    assert settings_of(db)["moderation_mode"] == "pre"
    assert settings_of(db)["privacy_controller"] == "Voss herad, rådmannen"
