"""The openness page: moderation figures per month, by decision and by reason, with correct
medians, and nothing that names a person or quotes a contribution."""
from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from app.accounts.models import Role
from app.core.extensions import db as _db
from app.ideas import services as ideas
from app.moderation import services as moderation
from app.moderation.labels import DEFAULT_REASONS
from app.moderation.models import Decision, ModerationDecision, Report, ReportReason
from app.municipalities.models import ModerationMode
from tests.figures import factories as f
from tests.figures.helpers import csv_rows, table_rows

#: what must never be on the page or in its downloads
SECRETS = ("Nordkvist", "Kari", "kari.n@example.no", "Sensorsen", "Olav", "olav@example.no",
           "Pernille", "pernille@example.no", "Storgata-hemmeligheten", "Unik brødtekst 4711",
           "selger sykler", "Pernille sier", "Fjernet etter klage")


@pytest.fixture
def voss(app, db, make_municipality, make_user):
    """Under pre-moderation: three ideas wait 2, 4 and 10 hours in March (two approved, one
    rejected for spam with a note naming the author); in April two published ideas are reported
    and decided 1 and 3 hours later (one hidden with a free-text reason, one dismissed)."""
    municipality = make_municipality("Voss", moderation_mode=ModerationMode.pre)
    author = make_user("kari.n@example.no", name="Kari Nordkvist", role=Role.resident,
                       municipality=municipality)
    moderator = make_user("olav@example.no", name="Olav Sensorsen", role=Role.moderator,
                          municipality=municipality)
    reporter = make_user("pernille@example.no", name="Pernille Melding", role=Role.resident,
                         municipality=municipality)
    submitted = f.freeze(f.oslo(2026, 3, 2, 10, 0))
    items = [ideas.submit_idea(municipality, author, {
        "title": f"Storgata-hemmeligheten {n}", "body": f"Unik brødtekst 4711 nummer {n}",
        "theme": "mobilitet", "sdgs": []}) for n in range(3)]
    _db.session.commit()
    with app.test_request_context(), force_locale("nb"):
        spam = str(DEFAULT_REASONS[2])
    for item, hours, decision, reason in (
            (items[0], 2, Decision.approve, ""), (items[1], 4, Decision.approve, ""),
            (items[2], 10, Decision.reject, f"{spam} – Kari Nordkvist selger sykler")):
        f.freeze(submitted + timedelta(hours=hours))
        moderation.decide(item, moderator, decision, reason)
        _db.session.commit()
    reported = f.freeze(f.oslo(2026, 4, 1, 10, 0))
    for item in items[:2]:
        moderation.report_item(item, reporter, municipality, ReportReason.personal_data,
                               "Pernille sier dette handler om Kari")
    _db.session.commit()
    for item, hours, decision, reason in (
            (items[0], 1, Decision.hide, "Fjernet etter klage fra Pernille Melding"),
            (items[1], 3, Decision.dismiss, "")):
        f.freeze(reported + timedelta(hours=hours))
        moderation.decide(item, moderator, decision, reason)
        _db.session.commit()
    f.freeze(f.utc(2026, 11, 15, 12))
    return {"municipality": municipality, "spam": spam}


def test_figures_per_month_decision_and_reason(client, voss):
    html = client.get("/voss/apenhet/?lang=en").get_data(as_text=True)
    months = table_rows(html, "maned")
    #           items, approve, reject, hide, restore, dismiss, auto, reports, medians
    assert months["March 2026"] == ["3", "2", "1", "0", "0", "0", "0", "0", "4 hours", "–"]
    assert months["April 2026"] == ["2", "0", "0", "1", "0", "1", "0", "2", "–", "2 hours"]
    assert months["May 2026"] == ["0"] * 8 + ["–", "–"]
    assert months["TOTAL"] == ["3", "2", "1", "1", "0", "1", "0", "2", "4 hours", "2 hours"]
    assert table_rows(html, "beslutninger") == {
        "Approved": ["2"], "Rejected": ["1"], "Hidden by a moderator": ["1"], "Restored": ["0"],
        "Reports dismissed": ["1"], "Hidden after reports": ["0"]}
    assert table_rows(html, "grunner") == {voss["spam"]: ["1"], "Another reason": ["1"]}
    assert table_rows(html, "meldinger")["Personal data about someone"] == ["2"]

    download = csv_rows(client.get("/voss/apenhet/tall.csv?tabell=maned&lang=en"))
    assert download["2026-03"] == ["March 2026", "3", "2", "1", "0", "0", "0", "0", "0", "4.0", ""]
    assert download["2026-04"][-2:] == ["", "2.0"]
    reasons = csv_rows(client.get("/voss/apenhet/tall.csv?tabell=grunner&lang=en"))
    assert sorted(v[1] for v in reasons.values()) == ["1", "1"]


def test_the_page_and_its_downloads_name_nobody(client, voss, db):
    # the records the figures come from do hold the names and texts
    stored = " ".join([*db.session.scalars(select(ModerationDecision.reason)),
                       *db.session.scalars(select(Report.text))])
    assert "Kari Nordkvist" in stored and "Pernille" in stored
    pages = [client.get(f"/voss/apenhet/?lang={lang}") for lang in ("nb", "nn", "en")]
    pages += [client.get(f"/voss/apenhet/tall.csv?tabell={key}&fra=2026-01&til=2026-06")
              for key in ("maned", "beslutninger", "grunner", "meldinger")]
    for response in pages:
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        found = [secret for secret in SECRETS if secret.lower() in text.lower()]
        assert not found, f"{response.request.path} shows {found}"


def test_anyone_may_see_it_and_other_municipalities_figures_stay_apart(client, voss,
                                                                       make_municipality):
    make_municipality("Bergen")
    html = client.get("/bergen/apenhet/?lang=en&fra=2026-03&til=2026-04").get_data(as_text=True)
    assert "No moderation decisions in this period." in html
    assert table_rows(html, "maned")["March 2026"][0] == "0"
