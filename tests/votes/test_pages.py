"""The vote pages over HTTP: the ballot without JavaScript, results, exports and empty states."""
from __future__ import annotations

import pytest

from app.votes.models import Ballot, Eligibility
from tests.conftest import submit
from tests.votes.factories import close, hours, project_ids

NBSP = "\u00a0"


@pytest.fixture
def town(make_municipality):
    return make_municipality("Stemmeby")


def url(vote, suffix="", lang="en"):
    return f"/stemmeby/avstemninger/{vote.id}{suffix}?lang={lang}"


def review(client, vote, ids, lang="en"):
    return submit(client, url(vote, "/stemme", lang), {"step": "review", "project": ids},
                  form_url=url(vote, lang=lang))


def confirm(client, vote, ids, lang="en"):
    return submit(client, url(vote, "/stemme", lang), {"step": "confirm", "project": ids},
                  form_url=url(vote, lang=lang))


def test_index_has_empty_states(client, town):
    html = client.get("/stemmeby/avstemninger/?lang=en").get_data(as_text=True)
    assert "No vote is open right now." in html and "No vote has closed yet." in html


def test_index_lists_published_votes_by_phase_and_pages_closed_ones(db, client, town, make_vote):
    make_vote(town, title="Åpen avstemning")
    make_vote(town, title="Kladd", published=False)
    make_vote(town, title="Kommer", opens_at=hours(24), closes_at=hours(48))
    for n in range(21):
        make_vote(town, title=f"Avsluttet {n:02d}", opens_at=hours(-100 - n), closes_at=hours(-50 - n))
    html = client.get("/stemmeby/avstemninger/?lang=en").get_data(as_text=True)
    assert "Åpen avstemning" in html and "Kommer" in html and "Kladd" not in html
    assert "Avsluttet 00" in html and "Avsluttet 20" not in html and "Page 1 of 2" in html
    second = client.get("/stemmeby/avstemninger/?lang=en&side=2").get_data(as_text=True)
    assert "Avsluttet 20" in second and "Avsluttet 00" not in second
    assert client.get("/stemmeby/avstemninger/?side=99").status_code == 200
    assert client.get("/stemmeby/avstemninger/?side=-3").status_code == 200


def test_anonymous_visitors_see_the_projects_and_are_asked_to_log_in(client, town, make_vote):
    vote = make_vote(town)
    html = client.get(url(vote)).get_data(as_text=True)
    assert "Luftsensorer" in html and "Log in to vote." in html
    assert 'name="project"' not in html
    response = client.post(url(vote, "/stemme"), data={"csrf_token": "x"})
    assert response.status_code in (302, 400)


def test_amounts_are_norwegian_kroner(client, town, make_vote):
    vote = make_vote(town, budget=1_250_000)
    html = client.get(url(vote, lang="nb")).get_data(as_text=True)
    assert f"1{NBSP}250{NBSP}000{NBSP}kr" in html
    assert f"400{NBSP}000{NBSP}kr" in html


def test_ballot_without_javascript_summary_step_then_confirm(db, client, auth, town, make_user,
                                                              make_vote):
    vote = make_vote(town, budget=1_000_000)
    voter = make_user()
    auth.login(voter)
    page = client.get(url(vote)).get_data(as_text=True)
    assert page.count('type="checkbox" name="project"') == 3 and 'data-cost="400000"' in page
    assert "Continue to summary" in page

    ids = project_ids(vote, "Luftsensorer", "Sykkelparkering")
    summary = review(client, vote, ids)
    html = summary.get_data(as_text=True)
    assert summary.status_code == 200 and "Check your vote" in html
    assert all(f"NOK{NBSP}{amount}" in html for amount in ("700,000", "1,000,000", "300,000"))
    assert "is not registered until you confirm" in html
    assert db.session.query(Ballot).count() == 0, "the summary step saves nothing"

    done = confirm(client, vote, ids)
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/avstemninger/{vote.id}#your-ballot")
    after = client.get(url(vote)).get_data(as_text=True)
    assert "Your vote is registered" in after and "Your vote" in after and "Withdraw my vote" in after
    assert after.count("checked") == 2


def test_ballot_summary_in_bokmal_shows_the_total_against_the_budget(client, auth, town, make_user,
                                                                       make_vote):
    vote = make_vote(town, budget=1_000_000)
    auth.login(make_user())
    html = review(client, vote, project_ids(vote, "Luftsensorer"), lang="nb").get_data(as_text=True)
    assert f"400{NBSP}000{NBSP}kr" in html and f"600{NBSP}000{NBSP}kr" in html
    assert f"1{NBSP}000{NBSP}000{NBSP}kr" in html


def test_change_my_choices_returns_to_the_ballot_with_them_ticked(client, auth, town, make_user,
                                                                   make_vote):
    vote = make_vote(town)
    auth.login(make_user())
    ids = project_ids(vote, "Sykkelparkering")
    html = submit(client, url(vote, "/stemme"), {"step": "change", "project": ids},
                  form_url=url(vote)).get_data(as_text=True)
    assert f'value="{ids[0]}" id="project-{ids[0]}"' in html
    assert html.count("checked") == 1


@pytest.mark.parametrize("method, extra, choose, message", [
    ("budget", {"budget": 1_000_000}, ["Luftsensorer", "Smart gatelys"], "more than the budget"),
    ("budget", {"budget": 1_000_000, "min_budget_share": 60}, ["Sykkelparkering"],
     "at least 60 % of the budget"),
    ("approval", {"max_choices": 2}, ["Luftsensorer", "Smart gatelys", "Sykkelparkering"],
     "at most 2 projects"),
    ("single", {}, [], "Choose a project."),
])
def test_broken_rules_are_shown_with_the_choices_kept(db, client, auth, town, make_user, make_vote,
                                                       method, extra, choose, message):
    vote = make_vote(town, method=method, **extra)
    auth.login(make_user())
    ids = project_ids(vote, *choose)
    for step in ("review", "confirm"):  # a forged confirm is checked just the same
        response = submit(client, url(vote, "/stemme"), {"step": step, "project": ids},
                          form_url=url(vote))
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and message in html, html
        assert 'class="ds-error-summary"' in html and html.count("checked") == len(ids)
    assert db.session.query(Ballot).count() == 0


def test_changing_a_ballot_over_http_keeps_one_ballot(db, client, auth, town, make_user, make_vote):
    vote = make_vote(town)
    auth.login(make_user())
    confirm(client, vote, project_ids(vote, "Smart gatelys"))
    confirm(client, vote, project_ids(vote, "Luftsensorer", "Sykkelparkering"))
    ballots = db.session.query(Ballot).all()
    assert len(ballots) == 1
    assert sorted(c.project_id for c in ballots[0].choices) == sorted(
        project_ids(vote, "Luftsensorer", "Sykkelparkering"))


def test_withdraw(db, client, auth, town, make_user, make_vote):
    vote = make_vote(town)
    auth.login(make_user())
    confirm(client, vote, project_ids(vote, "Smart gatelys"))
    response = submit(client, url(vote, "/trekk"), {}, form_url=url(vote))
    assert response.status_code == 302
    assert db.session.query(Ballot).count() == 0


def test_closed_and_upcoming_votes_show_why_no_ballot(db, client, auth, town, make_user, make_vote):
    auth.login(make_user())
    upcoming = make_vote(town, opens_at=hours(3), closes_at=hours(30))
    assert "has not opened yet" in client.get(url(upcoming)).get_data(as_text=True)
    closed = make_vote(town, title="Ferdig")
    close(db, closed)
    html = client.get(url(closed)).get_data(as_text=True)
    assert "Voting closed" in html and 'name="project"' not in html


def test_idporten_vote_is_honest_about_what_it_checks(client, auth, town, make_user, make_vote):
    vote = make_vote(town, eligibility=Eligibility.idporten)
    auth.login(make_user())
    html = client.get(url(vote)).get_data(as_text=True)
    assert "Link ID-porten to your account" in html
    assert 'name="project"' not in html


def test_results_are_hidden_until_the_vote_closes(db, client, auth, town, make_user, make_vote):
    vote = make_vote(town)
    auth.login(make_user())
    confirm(client, vote, project_ids(vote, "Smart gatelys"))
    html = client.get(url(vote, "/resultater")).get_data(as_text=True)
    assert "The results are published when voting closes" in html and "Turnout" not in html
    assert client.get(url(vote, "/resultater.csv")).status_code == 404
    assert client.get(url(vote, "/resultater.json")).status_code == 404
    close(db, vote)
    html = client.get(url(vote, "/resultater")).get_data(as_text=True)
    assert "1 ballot was cast." in html and "How the result is decided" in html
    assert "the cheaper one comes first" in html, "the tie rule is stated on the page"
    assert '<svg' in html and 'role="img"' in html and "<table" in html
    data = client.get(url(vote, "/resultater.json")).get_json()
    assert data["turnout"]["ballots"] == 1
    assert [p["title"] for p in data["projects"] if p["funded"]] == ["Smart gatelys"]
    csv_response = client.get(url(vote, "/resultater.csv"))
    assert csv_response.mimetype == "text/csv" and "attachment" in csv_response.headers["Content-Disposition"]
    assert "Smart gatelys;900000;1;100,0;yes" in csv_response.get_data(as_text=True)


def test_live_results_wait_for_five_ballots(db, client, auth, town, make_user, make_vote):
    from app.votes.services import cast_ballot

    vote = make_vote(town, method="single", results_live=True)
    for _ in range(4):
        cast_ballot(vote, make_user(), [vote.projects[0].id])
    db.session.commit()
    html = client.get(url(vote, "/resultater")).get_data(as_text=True)
    assert "at least 5 ballots" in html and "Turnout" not in html
    assert client.get(url(vote, "/resultater.json")).status_code == 404
    cast_ballot(vote, make_user(), [vote.projects[1].id])
    db.session.commit()
    html = client.get(url(vote, "/resultater")).get_data(as_text=True)
    assert "5 ballots were cast." in html and "live results" in html
    assert client.get(url(vote, "/resultater.json")).get_json()["turnout"]["ballots"] == 5


def test_closed_vote_without_ballots_has_an_empty_state(db, client, town, make_vote):
    vote = make_vote(town)
    close(db, vote)
    html = client.get(url(vote, "/resultater")).get_data(as_text=True)
    assert "No ballots were cast." in html


def test_unknown_and_draft_votes_are_404_for_the_public(client, auth, town, make_user, make_vote):
    draft = make_vote(town, published=False)
    assert client.get("/stemmeby/avstemninger/999").status_code == 404
    for suffix in ("", "/resultater", "/resultater.json"):
        assert client.get(url(draft, suffix)).status_code == 404
    auth.login(make_user(role="resident", municipality=town))
    assert client.get(url(draft)).status_code == 404


def test_an_anonymous_ballot_is_sent_to_log_in_and_back(db, client, town, make_vote):
    from urllib.parse import unquote

    from tests.conftest import csrf_from

    vote = make_vote(town)
    token = csrf_from(client.get("/konto/logg-inn").get_data(as_text=True))
    response = client.post(url(vote, "/stemme"), data={
        "csrf_token": token, "step": "confirm", "project": [vote.projects[0].id]})
    assert response.status_code == 302
    location = unquote(response.headers["Location"])
    assert "/konto/logg-inn" in location and f"next=/stemmeby/avstemninger/{vote.id}" in location
    assert db.session.query(Ballot).count() == 0


def test_results_of_a_vote_that_has_not_opened_say_when(client, town, make_vote):
    vote = make_vote(town, opens_at=hours(2), closes_at=hours(30))
    html = client.get(url(vote, "/resultater")).get_data(as_text=True)
    assert "The results are published when voting closes" in html


@pytest.mark.parametrize("path", ["/avstemninger/99999999999999999999",
                                  "/avstemninger/2147483648/resultater",
                                  "/admin/avstemninger/99999999999999999999",
                                  "/admin/avstemninger/1/prosjekter/99999999999999999999"])
def test_ids_no_column_can_hold_are_404_not_500(client, auth, town, make_user, make_vote, path):
    make_vote(town)
    auth.login(make_user(role="admin", municipality=town))
    assert client.get(f"/stemmeby{path}").status_code == 404


def test_the_running_totals_money_pattern_follows_the_language(client, auth, town, make_user,
                                                                make_vote):
    """Regression: `0|nok` was folded by Jinja when the template compiled, in that language."""
    vote = make_vote(town)
    auth.login(make_user())
    assert 'data-money="NOK\u00a00"' in client.get(url(vote, lang="en")).get_data(as_text=True)
    assert 'data-money="0\u00a0kr"' in client.get(url(vote, lang="nb")).get_data(as_text=True)
