"""Who may manage, see and vote: the predicates and the routes (role x municipality)."""
from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from app.votes.models import Eligibility
from app.votes.permissions import can_cast_ballot, can_manage_votes, is_eligible, results_visible
from tests.conftest import csrf_from
from tests.votes.conftest import hours

ROLES = ["anonymous", "resident", "moderator", "admin_elsewhere", "network_admin", "admin"]


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


@pytest.mark.parametrize("role", ROLES)
def test_can_manage_votes_only_admins_of_the_municipality(app, town, as_role, role):
    user = as_role(role)
    assert can_manage_votes(user, town) is (role == "admin")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ["/", "/ny", "/{vote}", "/{vote}/prosjekter/ny",
                                  "/{vote}/prosjekter/{project}"])
def test_admin_pages_refuse_everyone_but_the_municipalitys_admins(client, town, make_vote, as_role,
                                                                   role, path):
    vote = make_vote(town, published=False)
    as_role(role)
    url = "/tilgang/admin/avstemninger" + path.format(vote=vote.id, project=vote.projects[0].id)
    response = client.get(url)
    expected = {"anonymous": 302, "admin": 200}.get(role, 403)
    assert response.status_code == expected, f"{role} GET {url}"
    if role == "anonymous":
        assert "/konto/logg-inn" in response.headers["Location"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["publiser", "slett", "prosjekter/{project}/slett"])
def test_admin_actions_refuse_everyone_but_the_municipalitys_admins(db, client, town, make_vote,
                                                                     as_role, role, action):
    from app.votes.models import Vote

    vote = make_vote(town, published=False, opens_at=hours(2), closes_at=hours(20))
    as_role(role)
    token = csrf_from(client.get("/konto/logg-inn").get_data(as_text=True)) if role == "anonymous" \
        else csrf_from(client.get("/konto/").get_data(as_text=True))
    url = f"/tilgang/admin/avstemninger/{vote.id}/" + action.format(project=vote.projects[0].id)
    response = client.post(url, data={"csrf_token": token})
    if role == "admin":
        assert response.status_code == 302
        return
    assert response.status_code == (302 if role == "anonymous" else 403), f"{role} POST {url}"
    db.session.expire_all()
    vote = db.session.get(Vote, vote.id)
    assert vote is not None and vote.published_at is None and len(vote.projects) == 3


@pytest.mark.parametrize("role", ROLES)
def test_drafts_are_seen_only_by_the_municipalitys_admins(client, town, make_vote, as_role, role):
    vote = make_vote(town, published=False)
    as_role(role)
    response = client.get(f"/tilgang/avstemninger/{vote.id}")
    assert response.status_code == (200 if role == "admin" else 404)


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
