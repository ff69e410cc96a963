"""The participation figures equal the rows they count: per month (Oslo months), per theme,
per channel, in the page's tables and in the CSV downloads; the network's figures across members."""
from __future__ import annotations

import pytest

from app.accounts.models import Role
from tests.figures import factories as f
from tests.figures.helpers import csv_rows, table_rows

NOW = f.utc(2026, 11, 15, 12, 0)
COLUMNS = ["ideas", "comments", "answers", "responses", "ballots", "supports", "total", "people"]


@pytest.fixture
def world(db, make_municipality, make_user):
    """Known contributions in Asker across months, themes and channels (see each line), plus
    some that must not count."""
    f.freeze(NOW)
    asker = make_municipality("Asker")
    other = make_municipality("Bærum")
    admin = make_user(role=Role.admin, municipality=asker)
    a, b, c = (make_user(f"{n}@example.no") for n in "abc")
    # outside the period: 23:59 on 30 November 2025 in Oslo
    f.idea(asker, c, f.oslo(2025, 11, 30, 23, 59))
    # December 2025: midnight on 1 December in Oslo is 23:00 UTC on 30 November
    f.idea(asker, c, f.utc(2025, 11, 30, 23, 0), theme="anskaffelser")
    # March: 23:30 UTC on 28 February is 00:30 on 1 March in Oslo (winter time)
    first = f.idea(asker, a, f.utc(2026, 3, 10, 9), theme="mobilitet")
    f.idea(asker, c, f.utc(2026, 2, 28, 23, 30), theme="mobilitet")
    f.support(first, b, f.utc(2026, 3, 12, 9))
    # April: 22:30 UTC on 31 March is 00:30 on 1 April in Oslo (summer time)
    f.idea(asker, b, f.utc(2026, 3, 31, 22, 30), theme="k-5")  # the municipality's own theme
    f.comment(first, c, f.utc(2026, 4, 5, 9))
    # May: one answer; a withdrawn answer does not count
    hearing = f.consultation(asker, theme="apne-data")
    f.answer(hearing, a, f.utc(2026, 5, 2, 9))
    f.answer(hearing, b, f.utc(2026, 5, 3, 9), withdrawn=True)
    # June: three anonymous responses (two embedded) and one by c
    questions = f.survey(asker, theme="innbyggerinvolvering")
    f.response(questions, None, f.utc(2026, 6, 1, 9), channel="embed")
    f.response(questions, None, f.utc(2026, 6, 2, 9), channel="embed")
    f.response(questions, None, f.utc(2026, 6, 3, 9))
    f.response(questions, c, f.utc(2026, 6, 4, 9))
    # July: two ballots in a vote without a network theme
    ballot_box = f.vote(asker)
    f.ballot(ballot_box, a, f.utc(2026, 7, 1, 9))
    f.ballot(ballot_box, b, f.utc(2026, 7, 2, 9))
    # another municipality's contribution
    f.idea(other, a, f.utc(2026, 3, 10, 9))
    return {"asker": asker, "other": other, "admin": admin, "a": a, "b": b, "c": c}


def row(ideas=0, comments=0, answers=0, responses=0, ballots=0, supports=0, people=0):
    total = ideas + comments + answers + responses + ballots + supports
    return [str(v) for v in (ideas, comments, answers, responses, ballots, supports, total, people)]


EXPECTED_MONTHS = {
    "2025-12": row(ideas=1, people=1),
    "2026-01": row(), "2026-02": row(),
    "2026-03": row(ideas=2, supports=1, people=3),
    "2026-04": row(ideas=1, comments=1, people=2),
    "2026-05": row(answers=1, people=1),
    "2026-06": row(responses=4, people=4),
    "2026-07": row(ballots=2, people=2),
    "2026-08": row(), "2026-09": row(), "2026-10": row(), "2026-11": row(),
}
EXPECTED_THEMES = {
    "mobilitet": row(ideas=2, comments=1, supports=1, people=3),
    "apne-data": row(answers=1, people=1),
    "innbyggerinvolvering": row(responses=4, people=4),
    "naeringslivsdialog": row(), "kommunikasjon": row(), "smartbyretningslinjer": row(),
    "anskaffelser": row(ideas=1, people=1),
    "ingen": row(ideas=1, ballots=2, people=2),
}
EXPECTED_CHANNELS = {
    "tinget": row(ideas=4, comments=1, answers=1, responses=2, ballots=2, supports=1, people=4),
    "embed": row(responses=2, people=2),
}
#: a, b, c and three anonymous responses
EXPECTED_TOTAL = row(ideas=4, comments=1, answers=1, responses=4, ballots=2, supports=1, people=6)


def test_the_tables_and_the_csv_equal_the_rows(client, auth, world):
    auth.login(world["admin"])
    page = client.get("/asker/admin/deltakelse/?lang=nb")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    months = table_rows(html, "maned")
    assert list(months)[:-1] == ["desember 2025", "januar 2026", "februar 2026", "mars 2026",
                                 "april 2026", "mai 2026", "juni 2026", "juli 2026",
                                 "august 2026", "september 2026", "oktober 2026",
                                 "november 2026"]
    assert list(months.values())[:-1] == list(EXPECTED_MONTHS.values())
    assert months["TOTAL"] == EXPECTED_TOTAL
    assert list(table_rows(html, "tema").values())[:-1] == list(EXPECTED_THEMES.values())
    assert table_rows(html, "tema")["Mobilitet"] == EXPECTED_THEMES["mobilitet"]
    assert list(table_rows(html, "kanal").values())[:-1] == list(EXPECTED_CHANNELS.values())

    for key, expected in (("maned", EXPECTED_MONTHS), ("tema", EXPECTED_THEMES),
                          ("kanal", EXPECTED_CHANNELS)):
        download = client.get(f"/asker/admin/deltakelse/tall.csv?tabell={key}&lang=nb")
        assert {k: v[1:] for k, v in csv_rows(download).items()} == expected
        assert download.headers["Cache-Control"] == "no-store"
    assert client.get("/asker/admin/deltakelse/tall.csv?tabell=finnes-ikke").status_code == 404


def test_each_table_has_its_chart(client, auth, world):
    auth.login(world["admin"])
    html = client.get("/asker/admin/deltakelse/?lang=nb").get_data(as_text=True)
    for key in ("maned", "tema", "kanal"):
        section = html.split(f'id="table-{key}"', 1)[1].split("</section>", 1)[0]
        assert '<svg xmlns="http://www.w3.org/2000/svg" class="figures-chart" role="img"' \
            in section
        assert f'aria-labelledby="chart-{key}-title chart-{key}-desc"' in section
        assert f"tall.csv?tabell={key}" in section
    march = html.split('id="table-maned"', 1)[1].split("</svg>", 1)[0]
    # June has the most contributions (4): its bar is the full width, March's (3) three quarters
    assert 'width="100.0%"' in march and 'width="75.0%"' in march


def test_a_chosen_period_and_oslo_month_boundaries(client, auth, world):
    auth.login(world["admin"])
    download = client.get("/asker/admin/deltakelse/tall.csv?tabell=maned&fra=2026-03&til=2026-04")
    assert {k: v[1:] for k, v in csv_rows(download).items() if k.startswith("20")} == {
        "2026-03": EXPECTED_MONTHS["2026-03"], "2026-04": EXPECTED_MONTHS["2026-04"]}
    assert 'filename="deltakelse-asker-maned-2026-03-2026-04.csv"' in \
        download.headers["Content-Disposition"]
    # November 2025 in Oslo holds only the idea at 23:59 on the 30th
    download = client.get("/asker/admin/deltakelse/tall.csv?tabell=maned&fra=2025-11&til=2025-11")
    assert csv_rows(download)["2025-11"][1:] == row(ideas=1, people=1)


@pytest.mark.parametrize("args, message", [
    ("fra=2026-13", "Write the month as year and month"),
    ("fra=2026-05&til=2026-01", "The last month cannot be before the first"),
    ("fra=2001-01&til=2026-01", "Choose at most 60 months"),
    ("fra=0001-01", "Choose a month between 2000 and 2100"),
])
def test_a_bad_period_is_explained_and_the_default_shown(client, auth, world, args, message):
    auth.login(world["admin"])
    page = client.get(f"/asker/admin/deltakelse/?{args}&lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'class="ds-error-summary"' in html and message in html
    assert list(table_rows(html, "maned").values())[:-1] == list(EXPECTED_MONTHS.values())
    assert "November 2026" in html


def test_the_network_sees_every_member_and_counts_a_person_once(client, auth, world, make_user,
                                                                make_municipality):
    sleeping = make_municipality("Sovende", is_active=False)
    f.idea(sleeping, world["a"], f.utc(2026, 3, 10, 9))
    secretariat = make_user("sekretariat@example.no", network_admin=True)
    auth.login(secretariat)
    html = client.get("/nettverk/deltakelse/?lang=nb").get_data(as_text=True)
    members = table_rows(html, "kommuner")
    assert list(members) == ["Asker", "Bærum", "TOTAL"]
    assert members["Asker"] == EXPECTED_TOTAL
    assert members["Bærum"] == row(ideas=1, people=1)
    # a took part in both members: counted once across the network
    assert members["TOTAL"] == row(ideas=5, comments=1, answers=1, responses=4, ballots=2,
                                   supports=1, people=6)
    download = csv_rows(client.get("/nettverk/deltakelse/tall.csv?tabell=kommuner&lang=nb"))
    assert download[world["asker"].number] == ["Asker", *EXPECTED_TOTAL]
    assert world["other"].number in download and sleeping.number not in download
    march = table_rows(html, "maned")["mars 2026"]
    assert march == row(ideas=3, supports=1, people=3)
