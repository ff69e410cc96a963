"""The organisation number and open-data contact in the settings: nine digits with the
Brønnøysund mod-11 check, a clear message otherwise, and the catalogue notice for admins."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.core.audit import AuditEvent
from app.core.orgnumber import normalise_org_number
from app.municipalities.models import Municipality
from tests.conftest import submit

SETTINGS = {"default_locale": "nb", "enabled_locales": ["nb", "nn", "en"],
            "moderation_mode": "post"}


@pytest.mark.parametrize("value,expected", [
    ("974760673", "974760673"),  # Brønnøysundregistrene's own
    ("974 760 673", "974760673"),
    ("964967636", "964967636"),
    ("974760674", None),  # wrong check digit
    ("97476067", None),  # eight digits
    ("9747606730", None),
    ("abcdefghi", None),
    ("", None),
    (None, None),
])
def test_mod_11_check(value, expected):
    assert normalise_org_number(value) == expected


def test_a_check_digit_of_ten_is_never_valid():
    # weights 3 2 7 6 5 4 3 2 on 00000001x: remainder 2*1=2 -> 11-2=9; on 00000010x: 3 -> 8 ...
    # 000000050: 5*3=15, 15 % 11 = 4 -> 7; find a base whose check would be 10 (remainder 1)
    base = next(f"{n:08d}" for n in range(1, 10**6)
                if sum(int(d) * w for d, w in zip(f"{n:08d}", (3, 2, 7, 6, 5, 4, 3, 2))) % 11 == 1)
    assert all(normalise_org_number(base + str(d)) is None for d in range(10))


@pytest.fixture
def admin_of_asker(auth, make_user, make_municipality):
    asker = make_municipality("Asker")
    auth.login(make_user(role=Role.admin, municipality=asker))
    return asker


def test_admin_saves_the_organisation_number_and_contact(client, db, admin_of_asker):
    page = client.get("/asker/admin/?lang=en").get_data(as_text=True)
    assert "not in the national data catalogue yet" in page
    response = submit(client, "/asker/admin/", {**SETTINGS, "org_number": "974 760 673",
                                                "open_data_contact": "Data@Asker.Kommune.no"})
    assert response.status_code == 302
    saved = db.session.scalar(select(Municipality).where(Municipality.slug == "asker"))
    assert saved.org_number == "974760673"
    assert saved.open_data_email == "data@asker.kommune.no"
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "municipality.settings_changed"))
    assert event.after["org_number"] == "974760673"
    assert "not in the national data catalogue yet" not in client.get(
        "/asker/admin/?lang=en").get_data(as_text=True)


@pytest.mark.parametrize("value", ["974760674", "12345", "org-nummer"])
def test_a_bad_organisation_number_is_refused_in_norwegian(client, db, admin_of_asker, value):
    response = submit(client, "/asker/admin/", {**SETTINGS, "org_number": value})
    assert response.status_code == 200
    assert "Brønnøysund" in response.get_data(as_text=True)
    saved = db.session.scalar(select(Municipality).where(Municipality.slug == "asker"))
    assert saved.org_number is None


def test_the_privacy_contact_stands_in_for_the_open_data_contact(make_municipality):
    municipality = make_municipality("Bergen", privacy_contact="personvern@bergen.example.no")
    assert municipality.open_data_email == "personvern@bergen.example.no"
    municipality.open_data_contact = "data@bergen.example.no"
    assert municipality.open_data_email == "data@bergen.example.no"
