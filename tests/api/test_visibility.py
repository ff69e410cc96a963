"""Nothing unpublished, hidden or personal is reachable through the API: not in a list, not by
id, not in any field (e-mail addresses, residents' names, ballots, early vote results)."""
from __future__ import annotations

import json

import pytest

from tests.api.factories import (
    RESIDENT_EMAIL, RESIDENT_NAME, SECRET, STAFF_NAME, all_pages, get_json,
)

KINDS = ("ideas", "consultations", "votes", "surveys", "experiences")


def test_lists_hold_exactly_the_public_items(client, world):
    for kind in KINDS:
        ids = [item["id"] for item in all_pages(client, f"/api/v1/{kind}")]
        assert sorted(ids) == sorted(world.public[kind]), kind


@pytest.mark.parametrize("kind", KINDS)
def test_a_non_public_item_is_a_404_by_id(client, world, kind):
    for item_id in world.hidden[kind]:
        body = get_json(client, f"/api/v1/{kind}/{item_id}", status=404)
        assert body["status"] == 404
    for item_id in world.public[kind]:
        assert get_json(client, f"/api/v1/{kind}/{item_id}")["id"] == item_id


def test_inactive_municipalities_are_not_members(client, world):
    slugs = [item["slug"] for item in all_pages(client, "/api/v1/municipalities")]
    assert slugs == ["apiby"]
    get_json(client, "/api/v1/municipalities/sovekommune", status=404)
    assert get_json(client, "/api/v1/ideas?municipality=sovekommune")["data"] == []


def test_no_answer_carries_a_secret_an_address_or_a_residents_name(client, world):
    paths = ["/api/v1/municipalities", "/api/v1/municipalities/apiby"]
    for kind in KINDS:
        paths.append(f"/api/v1/{kind}")
        paths += [f"/api/v1/{kind}/{item_id}" for item_id in world.public[kind]]
    paths += [f"/api/v1/surveys/{item_id}/results" for item_id in world.public["surveys"]]
    for path in paths:
        text = client.get(path).get_data(as_text=True)
        assert json.loads(text), path
        for marker in (SECRET, SECRET.lower(), RESIDENT_EMAIL, RESIDENT_NAME, "@"):
            assert marker not in text, (path, marker)


def test_the_idea_history_shows_answers_with_the_staff_name_only(client, world):
    idea = get_json(client, f"/api/v1/ideas/{world.public['ideas'][0]}")
    assert [(c["kind"], c["status"]) for c in idea["status_history"]] == [
        ("submitted", "published"), ("answer", "under_consideration")]
    assert idea["status_history"][1]["answered_by"] == STAFF_NAME
    assert idea["status_history"][1]["reason"] == "Vi ser på saken."
    assert idea["status"] == "under_consideration"
    assert idea["sdgs"] == [11, 13] and idea["theme"] == "mobilitet"
    assert idea["point"] == {"latitude": 59.83, "longitude": 10.43}
    assert "author" not in idea


def test_vote_results_only_once_closed_and_never_ballots(client, world):
    open_vote = get_json(client, f"/api/v1/votes/{world.objects['open_vote'].id}")
    assert open_vote["phase"] == "open" and open_vote["results"] is None  # live results too
    closed = get_json(client, f"/api/v1/votes/{world.objects['closed_vote'].id}")
    assert closed["results"]["ballots"] == 6
    votes = {row["project_id"]: row["votes"] for row in closed["results"]["projects"]}
    first, second, third = (p["id"] for p in closed["projects"])
    assert votes == {first: 4, second: 2, third: 0}
    # aggregates per project, nothing per ballot or voter
    assert set(closed["results"]) == {"ballots", "choices", "funded_total_nok", "projects"}
    assert {key for row in closed["results"]["projects"] for key in row} == {
        "project_id", "place", "votes", "share_of_ballots_percent", "funded"}


def test_consultation_conclusion_only_once_concluded(client, world):
    closed = get_json(client, f"/api/v1/consultations/{world.objects['closed_consultation'].id}")
    assert closed["phase"] == "closed" and closed["conclusion"] is None
    done = get_json(client, f"/api/v1/consultations/{world.objects['concluded_consultation'].id}")
    assert done["conclusion"]["nb"] == "Kommunestyret vedtok planen."
    assert done["sdgs"] == [11]


def test_survey_results_suppress_counts_under_five(client, world):
    closed = world.objects["closed_survey"]
    results = get_json(client, f"/api/v1/surveys/{closed.id}/results")
    assert results["responses"] == 9 and results["responses_suppressed"] is False
    first = results["questions"][0]
    assert first["answered"] == 9
    counts = [(row["count"], row["suppressed"]) for row in first["rows"]]
    # 7, 2, 0, 0: the counts under 5 are null with their flag
    assert counts == [(7, False), (None, True), (None, True), (None, True)]
    # a question nobody answered: its count is null and flagged too
    assert results["questions"][1]["answered"] is None
    assert results["questions"][1]["answered_suppressed"] is True
    small = get_json(client, f"/api/v1/surveys/{world.objects['open_survey'].id}")
    assert small["responses"] is None and small["responses_suppressed"] is True


def test_survey_results_of_a_non_public_survey_are_a_404(client, world):
    for survey_id in world.hidden["surveys"]:
        get_json(client, f"/api/v1/surveys/{survey_id}/results", status=404)
