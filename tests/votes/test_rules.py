"""Every method's rules, the voting window, eligibility, and changing a ballot (services)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.votes.models import Ballot, BallotChoice, Eligibility, VoteMethod
from app.votes.queries import ballot_of
from app.votes.services import BallotError, cast_ballot, check_choices, withdraw_ballot
from tests.votes.factories import close, hours, project_ids


@pytest.fixture(autouse=True)
def _english(app):
    """Messages are asserted in English."""
    with app.test_request_context("/?lang=en"):
        yield


@pytest.fixture
def town(make_municipality):
    return make_municipality("Regelby")


@pytest.fixture
def voter(make_user):
    return make_user("velger@example.no")


def test_budget_accepts_choices_that_fit(db, town, voter, make_vote):
    vote = make_vote(town, budget=1_000_000)
    ballot = cast_ballot(vote, voter, project_ids(vote, "Luftsensorer", "Sykkelparkering"))
    db.session.commit()
    assert sorted(c.project_id for c in ballot.choices) == sorted(
        project_ids(vote, "Luftsensorer", "Sykkelparkering"))


def test_budget_refuses_a_ballot_over_the_budget(db, town, voter, make_vote):
    vote = make_vote(town, budget=1_000_000)
    with pytest.raises(BallotError) as error:
        cast_ballot(vote, voter, project_ids(vote, "Luftsensorer", "Smart gatelys"))
    message = str(error.value)
    assert "1,300,000" in message and "300,000 more than the budget of NOK" in message, message
    assert db.session.scalar(select(func.count(Ballot.id))) == 0


def test_budget_exactly_at_the_budget_is_allowed(db, town, voter, make_vote):
    vote = make_vote(town, budget=700_000)
    cast_ballot(vote, voter, project_ids(vote, "Luftsensorer", "Sykkelparkering"))


def test_budget_refuses_a_ballot_under_the_minimum_share(db, town, voter, make_vote):
    vote = make_vote(town, budget=1_000_000, min_budget_share=50)
    with pytest.raises(BallotError, match=r"at least 50 % of the budget, that is NOK.500,000"):
        cast_ballot(vote, voter, project_ids(vote, "Sykkelparkering"))
    cast_ballot(vote, voter, project_ids(vote, "Luftsensorer", "Sykkelparkering"))  # 700 000


def test_minimum_share_rounds_up_to_whole_kroner(make_vote, town):
    vote = make_vote(town, budget=999_999, min_budget_share=50)
    assert vote.min_budget_amount == 500_000


def test_approval_refuses_too_many_choices(db, town, voter, make_vote):
    vote = make_vote(town, method="approval", max_choices=2)
    everything = [p.id for p in vote.projects]
    with pytest.raises(BallotError, match="at most 2 projects. You chose 3"):
        cast_ballot(vote, voter, everything)
    cast_ballot(vote, voter, everything[:2])


def test_single_choice_refuses_two_projects(db, town, voter, make_vote):
    vote = make_vote(town, method="single")
    with pytest.raises(BallotError, match="only one project"):
        cast_ballot(vote, voter, [p.id for p in vote.projects][:2])
    cast_ballot(vote, voter, [vote.projects[0].id])


@pytest.mark.parametrize("method", ["single", "approval", "budget"])
def test_an_empty_ballot_is_refused(db, town, voter, make_vote, method):
    vote = make_vote(town, method=method, max_choices=2)
    with pytest.raises(BallotError, match="Choose"):
        cast_ballot(vote, voter, [])


@pytest.mark.parametrize("bad", [["999999"], ["abc"], ["1; DROP TABLE votes"]])
def test_projects_of_other_votes_or_nonsense_are_refused(db, town, voter, make_vote, bad):
    vote = make_vote(town)
    with pytest.raises(BallotError, match="not part of this vote"):
        check_choices(vote, bad)


def test_a_project_of_another_vote_is_refused(db, town, voter, make_vote):
    vote = make_vote(town)
    other = make_vote(town, title="Annen")
    with pytest.raises(BallotError, match="not part of this vote"):
        cast_ballot(vote, voter, [other.projects[0].id])


def test_the_same_project_twice_counts_once(db, town, voter, make_vote):
    vote = make_vote(town, method="single")
    first = vote.projects[0].id
    ballot = cast_ballot(vote, voter, [first, str(first)])
    assert [c.project_id for c in ballot.choices] == [first]


def test_voting_before_the_window_opens_is_refused(db, town, voter, make_vote):
    vote = make_vote(town, opens_at=hours(2), closes_at=hours(48))
    with pytest.raises(BallotError, match="has not opened yet. It opens"):
        cast_ballot(vote, voter, [vote.projects[0].id])


def test_voting_after_the_window_closed_is_refused(db, town, voter, make_vote):
    vote = make_vote(town)
    cast_ballot(vote, voter, [vote.projects[0].id])
    db.session.commit()
    close(db, vote)
    with pytest.raises(BallotError, match="Voting closed"):
        cast_ballot(vote, voter, [vote.projects[2].id])
    with pytest.raises(BallotError, match="Voting closed"):
        withdraw_ballot(vote, voter)
    assert [c.project_id for c in ballot_of(vote, voter).choices] == [vote.projects[0].id]


def test_a_draft_cannot_be_voted_on(db, town, voter, make_vote):
    vote = make_vote(town, published=False)
    with pytest.raises(BallotError, match="not published"):
        cast_ballot(vote, voter, [vote.projects[0].id])


def test_idporten_only_vote_refuses_every_account_and_says_why(db, town, make_user, make_vote):
    vote = make_vote(town, eligibility=Eligibility.idporten)
    admin = make_user(role="admin", municipality=town)
    for user in (make_user(), admin):
        with pytest.raises(BallotError, match="Link ID-porten to your account"):
            cast_ballot(vote, user, [vote.projects[0].id])


def test_anonymous_and_deactivated_accounts_cannot_vote(db, town, make_user, make_vote):
    from flask_login import AnonymousUserMixin

    vote = make_vote(town)
    with pytest.raises(BallotError, match="Log in to vote"):
        cast_ballot(vote, AnonymousUserMixin(), [vote.projects[0].id])
    gone = make_user()
    gone.active = False
    db.session.commit()
    with pytest.raises(BallotError, match="Log in to vote"):  # Flask-Login: inactive is not logged in
        cast_ballot(vote, gone, [vote.projects[0].id])


def test_changing_a_ballot_replaces_it(db, town, voter, make_vote):
    vote = make_vote(town, budget=1_000_000)
    first = cast_ballot(vote, voter, project_ids(vote, "Smart gatelys"))
    db.session.commit()
    second = cast_ballot(vote, voter, project_ids(vote, "Luftsensorer", "Sykkelparkering"))
    db.session.commit()
    assert first.id == second.id
    assert db.session.scalar(select(func.count(Ballot.id))) == 1
    assert sorted(db.session.scalars(select(BallotChoice.project_id))) == sorted(
        project_ids(vote, "Luftsensorer", "Sykkelparkering"))


def test_a_refused_change_keeps_the_old_ballot(db, town, voter, make_vote):
    vote = make_vote(town, budget=1_000_000)
    cast_ballot(vote, voter, project_ids(vote, "Smart gatelys"))
    db.session.commit()
    with pytest.raises(BallotError):
        cast_ballot(vote, voter, project_ids(vote, "Smart gatelys", "Luftsensorer"))
    db.session.rollback()
    assert [c.project_id for c in ballot_of(vote, voter).choices] == project_ids(vote, "Smart gatelys")


def test_withdrawing_removes_the_ballot_and_its_choices(db, town, voter, make_vote):
    vote = make_vote(town)
    cast_ballot(vote, voter, [vote.projects[0].id])
    db.session.commit()
    assert withdraw_ballot(vote, voter) is True
    db.session.commit()
    assert ballot_of(vote, voter) is None
    assert db.session.scalar(select(func.count()).select_from(BallotChoice)) == 0
    assert withdraw_ballot(vote, voter) is False


def test_a_deleted_account_leaves_its_ballot_counted_anonymously(db, town, voter, make_vote):
    from app.votes.results import tally_vote

    vote = make_vote(town, method=VoteMethod.single)
    cast_ballot(vote, voter, [vote.projects[1].id])
    db.session.commit()
    db.session.execute(Ballot.__table__.update().values(user_id=None))  # what ON DELETE SET NULL does
    db.session.delete(voter)
    db.session.commit()
    assert tally_vote(vote).ballots == 1
