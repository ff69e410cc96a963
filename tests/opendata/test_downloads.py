"""The downloads: small counts withheld in every dataset, only closed and published items,
nothing personal, the CSV and the JSON agree, README per file, cache headers, query budget."""
from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import event

from app.core.extensions import db
from app.ideas.models import IdeaStatus
from app.moderation.models import ModerationState
from app.opendata.datasets import DATASETS, hidden_counts
from tests.opendata import factories as f

KEYS = list(DATASETS)


def rows(client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_json()["rader"]


def csv_rows(client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200 and response.content_type == "text/csv; charset=utf-8"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


@pytest.fixture
def asker(make_municipality):
    return make_municipality("Asker", number="3203")


def test_hidden_counts_rule():
    assert hidden_counts([5, 4], has_total=False) == [False, True]
    # a published total would give the 4 away: the smallest shown count goes too
    assert hidden_counts([6, 5, 4], has_total=True) == [False, True, True]
    assert hidden_counts([9, 3, 2], has_total=True) == [False, True, True]
    assert hidden_counts([5, 5], has_total=True) == [False, False]
    assert hidden_counts([0], has_total=False) == [True]


def test_ideas_counts_of_four_are_withheld_and_five_shown(client, asker):
    f.ideas(asker, 5, theme="mobilitet")
    f.ideas(asker, 4, theme="apne-data", status=IdeaStatus.accepted)
    f.ideas(asker, 3, theme="mobilitet", state=ModerationState.pending)
    f.ideas(asker, 3, theme="mobilitet", state=ModerationState.hidden)
    found = {(r["tema"], r["status"]): r for r in rows(client, "/asker/apne-data/ideer.json")}
    assert set(found) == {("mobilitet", "published"), ("apne-data", "accepted")}
    assert found["mobilitet", "published"]["antall_ideer"] == 5
    assert found["mobilitet", "published"]["prikket"] is False
    assert found["apne-data", "accepted"]["antall_ideer"] is None
    assert found["apne-data", "accepted"]["prikket"] is True
    assert found["mobilitet", "published"]["tema_navn"] == "Mobilitet"


def test_consultation_counts_and_the_total_that_would_give_one_away(client, asker):
    even = f.consultation(asker, 5, 5, title="Jevn")
    uneven = f.consultation(asker, 5, 4, title="Ujevn")
    small = f.consultation(asker, 2, 2, title="Liten")
    f.consultation(asker, 6, 0, phase="open", title="Åpen")
    f.consultation(asker, 6, 0, phase="draft", title="Kladd")
    extra = f.consultation(asker, 5, 0, title="Med trukne")
    f.make_answer(extra, f.anonymous(), status="withdrawn")
    f.make_answer(extra, f.anonymous(), status="pending")
    found = {r["horing_id"]: r for r in rows(client, "/asker/apne-data/horinger.json")}
    assert set(found) == {even.id, uneven.id, small.id, extra.id}
    assert (found[even.id]["svar_totalt"], found[even.id]["svar_privatpersoner"],
            found[even.id]["svar_organisasjoner"], found[even.id]["prikket"]) == (10, 5, 5, False)
    # 9 in all: the 4 is withheld, and the 5 too (else 9 - 5 gives the 4)
    assert (found[uneven.id]["svar_totalt"], found[uneven.id]["svar_privatpersoner"],
            found[uneven.id]["svar_organisasjoner"], found[uneven.id]["prikket"]) == (9, None, None, True)
    assert [found[small.id][k] for k in ("svar_totalt", "svar_privatpersoner",
                                         "svar_organisasjoner")] == [None, None, None]
    # withdrawn and pending answers are not counted
    assert found[extra.id]["svar_totalt"] == 5


def test_vote_results_only_for_closed_votes_with_small_counts_withheld(client, asker):
    counted = f.vote(asker, [6, 5, 4])
    few = f.vote(asker, [2, 2])
    f.vote(asker, [6, 6], closed=False)
    f.vote(asker, [6, 6], published=False)
    found = rows(client, "/asker/apne-data/avstemninger.json")
    assert {r["avstemning_id"] for r in found} == {counted.id, few.id}
    by_project = {r["prosjekt"]: r for r in found if r["avstemning_id"] == counted.id}
    assert by_project["Prosjekt 1"]["stemmer"] == 6 and by_project["Prosjekt 1"]["stemmesedler"] == 15
    assert by_project["Prosjekt 2"]["stemmer"] is None and by_project["Prosjekt 2"]["prikket"]
    assert by_project["Prosjekt 3"]["stemmer"] is None
    for row in (r for r in found if r["avstemning_id"] == few.id):
        assert row["stemmesedler"] is None and row["stemmer"] is None and row["prikket"]


def test_budget_vote_tells_the_funded_projects(client, asker):
    from app.votes.models import VoteMethod

    f.vote(asker, [7, 6], method=VoteMethod.budget)
    found = rows(client, "/asker/apne-data/avstemninger.json")
    assert [r["finansiert"] for r in found] == [True, True]


def test_survey_results_only_public_and_closed_with_small_counts_withheld(client, asker):
    counted = f.survey(asker, [5, 4, 0, 6])
    f.survey(asker, [6, 6], closed=False)
    f.survey(asker, [6, 6], public_results=False)
    few = f.survey(asker, [2, 2])
    found = rows(client, "/asker/apne-data/undersokelser.json")
    assert {r["undersokelse_id"] for r in found} == {counted.id, few.id}
    single = [r for r in found if r["undersokelse_id"] == counted.id and r["sporsmal_nr"] == 1]
    assert [r["alternativ_nb"] for r in single] == ["Bil", "Buss eller tog", "Sykkel", "Gange"]
    assert [r["antall"] for r in single] == [5, None, None, 6]
    assert all(r["svar_totalt"] == 15 for r in single)
    # text and number questions are never in the data
    assert {r["sporsmalstype"] for r in found} == {"single_choice", "multiple_choice", "scale",
                                                    "yes_no", "ranking"}
    assert all(r["antall"] is None and r["svar_totalt"] is None
               for r in found if r["undersokelse_id"] == few.id)


def _world(make_municipality):
    asker = make_municipality("Asker", number="3203")
    voss = make_municipality("Voss", number="4621")
    for municipality in (asker, voss):
        f.ideas(municipality, 5)
        f.consultation(municipality, 5, 5)
        f.vote(municipality, [5, 6])
        f.survey(municipality, [5, 6])
    return asker, voss


@pytest.mark.parametrize("key", KEYS)
def test_nothing_personal_and_csv_equals_json(client, make_municipality, key):
    _world(make_municipality)
    for base in ("/apne-data", "/asker/apne-data"):
        for fmt in ("csv", "json"):
            text = client.get(f"{base}/{key}.{fmt}").get_data(as_text=True)
            assert f.SECRET_NAME not in text and f.SECRET_TEXT not in text
            assert "@" not in text and f.ORG_NUMBER not in text
        from_json = rows(client, f"{base}/{key}.json")
        from_csv = csv_rows(client, f"{base}/{key}.csv")
        assert len(from_csv) == len(from_json) > 0
        assert list(from_csv[0]) == DATASETS[key].column_names
        for line, row in zip(from_csv, from_json):
            expected = {k: "" if v is None else str(v).lower() if isinstance(v, bool) else str(v)
                        for k, v in row.items()}
            assert line == expected


@pytest.mark.parametrize("key", KEYS)
def test_network_rows_are_per_municipality_and_tenant_rows_only_its_own(client, make_municipality,
                                                                       key):
    _world(make_municipality)
    network = rows(client, f"/apne-data/{key}.json")
    assert {r["kommunenummer"] for r in network} == {"3203", "4621"}
    own = rows(client, f"/voss/apne-data/{key}.json")
    assert own and {r["kommunenummer"] for r in own} == {"4621"}
    assert own == [r for r in network if r["kommunenummer"] == "4621"]


@pytest.mark.parametrize("key", KEYS)
def test_every_file_has_a_readme_naming_its_columns_and_the_licence(client, asker, key):
    for base in ("/apne-data", "/asker/apne-data"):
        response = client.get(f"{base}/{key}/README.md")
        assert response.status_code == 200
        assert response.content_type == "text/markdown; charset=utf-8"
        text = response.get_data(as_text=True)
        assert "http://data.norge.no/nlod/no/2.0" in text and f"{base}/{key}.csv" in text
        for column in DATASETS[key].column_names:
            assert f"`{column}`" in text
        assert "&#" not in text and "&amp;" not in text  # Markdown, not escaped HTML


def test_downloads_are_public_and_answer_if_modified_since(client, asker):
    f.ideas(asker, 5)
    response = client.get("/asker/apne-data/ideer.csv")
    assert response.headers["Cache-Control"].startswith("public")
    modified = response.headers["Last-Modified"]
    again = client.get("/asker/apne-data/ideer.csv", headers={"If-Modified-Since": modified})
    assert again.status_code == 304
    json_response = client.get("/apne-data/ideer.json")
    assert json_response.content_type == "application/json; charset=utf-8"
    payload = json_response.get_json()
    assert payload["lisens"] == "http://publications.europa.eu/resource/authority/licence/NLOD_2_0"
    assert [c["navn"] for c in payload["kolonner"]] == DATASETS["ideer"].column_names


def test_the_pages_list_every_download_and_the_licence(client, asker):
    for path in ("/apne-data/", "/asker/apne-data/"):
        html = client.get(path).get_data(as_text=True)
        assert "http://data.norge.no/nlod/no/2.0" in html
        for key in KEYS:
            assert f'{path}{key}.csv"' in html and f'{path}{key}.json"' in html
            assert f'{path}{key}/README.md"' in html
    assert "/apne-data/katalog.ttl" in client.get("/apne-data/").get_data(as_text=True)


def test_network_downloads_query_budget_does_not_grow(app, client, make_municipality,
                                                      monkeypatch):
    """Queries per download stay the same however many municipalities and items there are."""
    monkeypatch.setitem(app.config, "OPENDATA_PUBLISHER_ORGNR", f.ORG_NUMBER)
    monkeypatch.setitem(app.config, "OPENDATA_CONTACT_EMAIL", "apne-data@example.no")
    def count(path: str) -> int:
        seen = []
        engine = db.engine
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(path).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    _world(make_municipality)
    small = {key: count(f"/apne-data/{key}.json") for key in KEYS}
    small["katalog"] = count("/apne-data/katalog.ttl")
    for n in range(3):
        municipality = make_municipality(f"Ekstra {n}", org_number=f.ORG_NUMBER,
                                         privacy_contact="post@example.no")
        f.ideas(municipality, 1, theme="apne-data")
        f.consultation(municipality, 1, 0)
        f.vote(municipality, [5, 5])
        f.survey(municipality, [5])
    for key in KEYS:
        assert count(f"/apne-data/{key}.json") == small[key], key
    assert count("/apne-data/katalog.ttl") == small["katalog"]
