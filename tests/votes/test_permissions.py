"""Who may manage, see and vote: the predicates, and every page as a matrix of role x the vote's
state (draft, open, closed), asserting the status code each combination gives."""
from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from app.core.extensions import db
from app.votes.models import Eligibility, Vote
from app.votes.permissions import can_cast_ballot, can_manage_votes, is_eligible, results_visible
from tests.conftest import csrf_from
from tests.votes.factories import close, create_vote, hours

ROLES = ["anonymous", "resident", "moderator", "admin", "admin_elsewhere", "network_admin"]
STATES = ["draft", "open", "closed"]
MANAGERS = {"admin"}


@pytest.fixture
def town(make_municipality):
    return make_municipality("Tilgang")


@pytest.fixture
def as_role(auth, make_user, make_municipality, town):
    def login(role: str):
        if role == "anonymous":
            return AnonymousUserMixin()
        if role == "admin_elsewhere":
            user = make_user(role="admin", municipality=make_municipality("Annensted"))
        elif role == "network_admin":
            user = make_user(network_admin=True)
        else:
            user = make_user(role=role, municipality=town)
        auth.login(user)
        return user
    return login


def vote_in(town, state: str) -> Vote:
    """A vote with three projects: an unpublished draft, an open one, or a closed one."""
    if state == "draft":
        return create_vote(town, published=False, opens_at=hours(2), closes_at=hours(20))
    vote = create_vote(town)
    if state == "closed":
        close(db, vote)
    return vote


def _token(client, role: str) -> str:
    return csrf_from(client.get("/konto/logg-inn" if role == "anonymous" else "/konto/")
                     .get_data(as_text=True))


@pytest.mark.parametrize("role", ROLES)
def test_can_manage_votes_only_admins_of_the_municipality(app, town, as_role, role):
    user = as_role(role)
    assert can_manage_votes(user, town) is (role in MANAGERS)


def _public_expected(page: str, role: str, state: str) -> int:
    if state == "draft" and role not in MANAGERS:
        return 404  # a draft does not exist for anyone but the municipality's admins
    if page in ("/resultater.json", "/resultater.csv"):
        return 200 if state == "closed" else 404  # hidden results have no export, not even for admins
    return 200


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_public_vote_pages(client, town, as_role, role, state):
    vote = vote_in(town, state)
    as_role(role)
    for page in ["", "/resultater", "/resultater.json", "/resultater.csv"]:
        url = f"/tilgang/avstemninger/{vote.id}{page}"
        assert client.get(url).status_code == _public_expected(page, role, state), f"{role} GET {url}"


@pytest.mark.parametrize("role", ROLES)
def test_the_list_of_votes_is_public_and_shows_no_draft(client, town, as_role, role):
    vote_in(town, "draft")
    as_role(role)
    response = client.get("/tilgang/avstemninger/?lang=en")
    assert response.status_code == 200
    assert "Innbyggerbudsjett 2027" not in response.get_data(as_text=True)


def _ballot_expected(role: str, state: str) -> int:
    if state == "draft" and role not in MANAGERS:
        return 404
    if role == "anonymous":
        return 302  # to the log-in page
    return 200  # the vote page again, saying why the ballot was not accepted


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_ballot_posts(client, town, as_role, role, state):
    vote = vote_in(town, state)
    as_role(role)
    for action in ["stemme", "trekk"]:
        url = f"/tilgang/avstemninger/{vote.id}/{action}"
        response = client.post(url, data={"csrf_token": _token(client, role), "step": "review"})
        expected = _ballot_expected(role, state)
        if action == "trekk" and expected == 200:
            expected = 302  # withdrawing always goes back to the vote page
        assert response.status_code == expected, f"{role} POST {url}"


def _admin_page_expected(page: str, role: str, state: str) -> int:
    if role == "anonymous":
        return 302  # to the log-in page
    if role not in MANAGERS:
        return 403
    if page == "/{vote}/prosjekter/ny" and state != "draft":
        return 302  # an opened vote gets no new projects: back to the vote
    return 200


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_admin_pages(client, town, as_role, role, state):
    vote = vote_in(town, state)
    as_role(role)
    for page in ["/", "/ny", "/{vote}", "/{vote}/prosjekter/ny", "/{vote}/prosjekter/{project}"]:
        url = "/tilgang/admin/avstemninger" + page.format(vote=vote.id, project=vote.projects[0].id)
        response = client.get(url)
        assert response.status_code == _admin_page_expected(page, role, state), f"{role} GET {url}"
        if role == "anonymous":
            assert "/konto/logg-inn" in response.headers["Location"]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_admin_actions(client, town, as_role, role, state):
    as_role(role)
    for action in ["publiser", "avpubliser", "slett", "prosjekter/{project}/slett",
                   "prosjekter/{project}/fjern-bilde"]:
        vote = vote_in(town, state)  # a fresh vote for each action: an admin's action changes it
        before = (vote.published_at, len(vote.projects))
        url = f"/tilgang/admin/avstemninger/{vote.id}/" + action.format(project=vote.projects[0].id)
        response = client.post(url, data={"csrf_token": _token(client, role)})
        if role in MANAGERS:
            assert response.status_code == 302, f"{role} POST {url}"  # done, or refused with a message
            continue
        assert response.status_code == (302 if role == "anonymous" else 403), f"{role} POST {url}"
        db.session.expire_all()
        vote = db.session.get(Vote, vote.id)
        assert vote is not None and (vote.published_at, len(vote.projects)) == before


@pytest.mark.parametrize("state", STATES)
def test_what_an_admin_may_still_do_depends_on_the_state(client, town, as_role, state):
    vote = vote_in(town, state)
    as_role("admin")
    client.post(f"/tilgang/admin/avstemninger/{vote.id}/prosjekter/{vote.projects[0].id}/slett",
                data={"csrf_token": _token(client, "admin")})
    db.session.expire_all()
    assert len(db.session.get(Vote, vote.id).projects) == (2 if state == "draft" else 3), \
        "projects leave only a vote that has not opened"


def test_eligibility_predicates(app, town, make_vote, make_user):
    open_vote = make_vote(town)
    idporten = make_vote(town, eligibility=Eligibility.idporten)
    upcoming = make_vote(town, opens_at=hours(1), closes_at=hours(2))
    user = make_user()
    assert is_eligible(user, open_vote) and can_cast_ballot(user, open_vote)
    assert not is_eligible(AnonymousUserMixin(), open_vote)
    assert not is_eligible(user, idporten), "no account is verified through ID-porten yet"
    assert not can_cast_ballot(user, upcoming)
    assert not can_cast_ballot(user, open_vote, now=hours(24 * 8)), "after closing"


def test_results_visibility(make_vote, town):
    hidden = make_vote(town)
    live = make_vote(town, results_live=True)
    assert not results_visible(hidden) and results_visible(live)
    assert results_visible(hidden, now=hours(24 * 8))
    draft = make_vote(town, published=False, results_live=True)
    assert not results_visible(draft, now=hours(24 * 8))
