"""Counting: turnout, ranking, the greedy budget rule and its tie rule, exports."""
from __future__ import annotations

import csv
import io

import pytest

from app.votes.models import VoteMethod
from app.votes.results import fund, rank, results_as_csv, results_as_dict, tally_vote
from app.votes.services import cast_ballot
from tests.votes.factories import project_ids


@pytest.fixture(autouse=True)
def _english(app):
    with app.test_request_context("/?lang=en"):
        yield


@pytest.fixture
def town(make_municipality):
    return make_municipality("Telleby")


def vote_with(db, make_user, vote, ballots: list[list[str]]):
    for titles in ballots:
        cast_ballot(vote, make_user(), project_ids(vote, *titles))
    db.session.commit()
    return tally_vote(vote)


def test_turnout_and_votes_per_project(db, town, make_user, make_vote):
    vote = make_vote(town, budget=2_000_000)
    results = vote_with(db, make_user, vote, [
        ["Luftsensorer", "Smart gatelys"], ["Luftsensorer"], ["Sykkelparkering", "Luftsensorer"]])
    assert results.ballots == 3 and results.choices_cast == 5
    assert [(r.project.title, r.votes) for r in results.rows] == [
        ("Luftsensorer", 3), ("Sykkelparkering", 1), ("Smart gatelys", 1)]
    assert round(results.rows[0].share_of(results.ballots)) == 100


def test_greedy_rule_skips_a_project_that_no_longer_fits(db, town, make_user, make_vote):
    vote = make_vote(town, budget=1_000_000, projects=[
        ("A", 600_000), ("B", 500_000), ("C", 300_000), ("D", 200_000)])
    results = vote_with(db, make_user, vote, [["A", "C"], ["A", "D"], ["A"], ["B", "C"], ["B"]])
    # A 3, B 2, C 2, D 1. A funded (400 000 left); C before B on the tie (cheaper), fits;
    # B no longer fits (100 000 left); D does not fit either.
    assert [(r.project.title, r.funded) for r in results.rows] == [
        ("A", True), ("C", True), ("B", False), ("D", False)]
    assert results.funded_total == 900_000


def test_tie_of_equal_votes_and_equal_cost_goes_by_ballot_order(db, town, make_user, make_vote):
    vote = make_vote(town, budget=500_000, projects=[("Først", 300_000), ("Sist", 300_000)])
    results = vote_with(db, make_user, vote, [["Sist"], ["Først"]])
    assert [(r.project.title, r.place, r.funded) for r in results.rows] == [
        ("Først", 1, True), ("Sist", 2, False)]


def test_tie_rule_is_deterministic_whatever_the_order_of_ballots(db, town, make_user, make_vote):
    vote = make_vote(town, budget=500_000, projects=[("Dyr", 400_000), ("Billig", 200_000),
                                                      ("Billig 2", 200_000)])
    results = vote_with(db, make_user, vote, [["Billig 2"], ["Dyr"], ["Billig"]])
    assert [r.project.title for r in results.rows] == ["Billig", "Billig 2", "Dyr"]
    assert [r.project.title for r in results.funded] == ["Billig", "Billig 2"]


def test_a_project_without_votes_is_never_funded(db, town, make_user, make_vote):
    vote = make_vote(town, budget=10_000_000)
    results = vote_with(db, make_user, vote, [["Luftsensorer"]])
    assert [r.project.title for r in results.funded] == ["Luftsensorer"]


def test_fund_uses_the_budget_greedily():
    class P:
        def __init__(self, cost):
            self.cost = cost

    from app.votes.results import ProjectResult
    rows = [ProjectResult(P(cost), votes) for cost, votes in [(5, 9), (7, 8), (3, 7), (2, 0)]]
    fund(10, rows)
    assert [row.funded for row in rows] == [True, False, True, False]


def test_single_choice_tie_shares_first_place(db, town, make_user, make_vote):
    vote = make_vote(town, method=VoteMethod.single)
    results = vote_with(db, make_user, vote, [["Smart gatelys"], ["Luftsensorer"]])
    assert [(r.project.title, r.place) for r in results.rows] == [
        ("Luftsensorer", 1), ("Smart gatelys", 1), ("Sykkelparkering", 3)]
    assert len(results.leaders) == 2
    assert all(r.funded is None for r in results.rows)


def test_approval_ranking_and_single_leader(db, town, make_user, make_vote):
    vote = make_vote(town, method="approval", max_choices=2)
    results = vote_with(db, make_user, vote, [
        ["Sykkelparkering", "Luftsensorer"], ["Sykkelparkering"], ["Smart gatelys", "Sykkelparkering"]])
    assert [r.project.title for r in results.leaders] == ["Sykkelparkering"]
    assert [r.place for r in results.rows] == [1, 2, 2]


def test_no_ballots_no_leader(db, town, make_vote):
    vote = make_vote(town, method="single")
    results = tally_vote(vote)
    assert results.ballots == 0 and results.leaders == [] and results.most_votes == 0


def test_exports_hold_aggregates_only(db, town, make_user, make_vote):
    vote = make_vote(town, budget=1_000_000, projects=[("=HYPERLINK(\"x\")", 100_000), ("B", 200)])
    results = vote_with(db, make_user, vote, [["=HYPERLINK(\"x\")"], ["B", "=HYPERLINK(\"x\")"]])
    data = results_as_dict(results, "rule")
    assert data["turnout"] == {"ballots": 2, "choices": 3}
    assert data["vote"]["closes_at"].endswith("+00:00"), "times in UTC with their offset"
    assert set(data["projects"][0]) == {"id", "place", "title", "cost_nok", "votes",
                                        "share_of_ballots_percent", "funded"}
    text = results_as_csv(results, ["Place", "Project", "Cost", "Votes", "Share", "Funded"], "yes", "no")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[1] == ["1", "'=HYPERLINK(\"x\")", "100000", "2", "100,0", "yes"]
    assert rows[2] == ["2", "B", "200", "1", "50,0", "yes"]


def test_rank_uses_only_the_given_counts(make_municipality, make_vote):
    vote = make_vote(make_municipality(), method="single")
    rows = rank(vote, {vote.projects[2].id: 4})
    assert rows[0].project is vote.projects[2] and rows[0].votes == 4
