"""Hostile period and table arguments on every figures page: never a server error, and a month
beside the calendar's edges (year 1, 9999, a 40-digit year) is refused on the form."""
from __future__ import annotations

from urllib.parse import urlencode

from app.accounts.models import Role
from tests.hostile import HOSTILE

EDGES = ("0001-01", "9999-12", "2026-00", "2026-13", "9" * 40 + "-01", "2026-1", "2026-01-15")


def test_no_hostile_period_is_a_server_error(client, auth, make_municipality, make_user):
    make_municipality("Asker")
    make_user("sekretariat@example.no", network_admin=True, role=Role.admin,
              municipality=make_municipality("Bergen"))
    auth.login("sekretariat@example.no")
    paths = ["/bergen/admin/deltakelse/", "/bergen/admin/deltakelse/tall.csv",
             "/nettverk/deltakelse/", "/nettverk/deltakelse/tall.csv", "/asker/apenhet/",
             "/asker/apenhet/tall.csv"]
    failures = []
    for path in paths:
        for value in (*HOSTILE, *EDGES):
            for args in ({"fra": value}, {"til": value}, {"fra": "2026-01", "til": value},
                         {"tabell": value, "fra": value}):
                response = client.get(f"{path}?{urlencode(args)}")
                if response.status_code >= 500:
                    failures.append(f"{path} {args!r:.80}: {response.status_code}")
    assert not failures, failures


def test_a_month_outside_the_years_is_refused_on_the_form(client, make_municipality):
    make_municipality("Asker")
    for value in EDGES[:2]:
        html = client.get(f"/asker/apenhet/?fra={value}&lang=en").get_data(as_text=True)
        assert "Choose a month between 2000 and 2100." in html
