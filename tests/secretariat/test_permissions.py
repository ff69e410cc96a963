"""Who may use the secretariat's tools and the network cases: the predicates, and every page as a
matrix of role x the case's state, asserting the status each combination gives."""
from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import func, select

from app.core.extensions import db
from app.secretariat.models import NetworkCase, NetworkCaseResponse
from app.secretariat.permissions import (
    can_act_for, can_answer, can_view_case, member_municipalities, runs_network, takes_part,
)
from tests.conftest import csrf_from
from tests.secretariat.factories import create_case

ROLES = ["network_admin", "member_admin", "inactive_admin", "moderator", "resident", "anonymous"]
STATES = ["draft", "scheduled", "open", "closed"]

#: the secretariat's own pages: network admins only
SECRETARIAT_PAGES = ["/nettverk/", "/nettverk/aktivitet", "/nettverk/tema", "/nettverk/saker/ny"]


def expected_for_secretariat_page(role: str) -> int:
    return {"network_admin": 200, "anonymous": 302}.get(role, 403)


@pytest.fixture
def as_role(auth, people):
    def login(role: str):
        user = people[role]
        if user is not None:
            auth.login(user)
        return user or AnonymousUserMixin()
    return login


@pytest.mark.parametrize("role", ROLES)
def test_secretariat_pages_and_membership_per_role(role, as_role, client, outsider, member):
    as_role(role)
    expected = expected_for_secretariat_page(role)
    for path in SECRETARIAT_PAGES + [f"/nettverk/kommuner/{outsider.id}/aktiver",
                                     f"/nettverk/kommuner/{member.id}/deaktiver"]:
        response = client.get(path)
        assert response.status_code == expected, path
        if expected == 302:
            assert "/konto/logg-inn" in response.headers["Location"]
    cases = client.get("/nettverk/saker/")
    assert cases.status_code == {"network_admin": 200, "member_admin": 200,
                                 "anonymous": 302}.get(role, 403)
    # a POST without the secretariat's rights changes nothing
    client.post(f"/nettverk/kommuner/{outsider.id}/aktiver", data={"csrf_token": "x"})
    db.session.refresh(outsider)
    assert outsider.is_active is False


def _case_page_status(role: str, state: str) -> int:
    if role == "anonymous":
        return 302
    if role == "network_admin":
        return 200
    if role == "member_admin":
        return 404 if state == "draft" else 200
    return 403


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_case_pages_per_role_and_state(role, state, as_role, client, member):
    case = create_case("vote", state)
    as_role(role)
    page = client.get(f"/nettverk/saker/{case.id}")
    assert page.status_code == _case_page_status(role, state)
    html = page.get_data(as_text=True)
    answer_url = f"/nettverk/saker/{case.id}/svar/{member.id}"
    offers_form = f'action="{answer_url}"' in html
    assert offers_form == (role == "member_admin" and state == "open")
    edit = client.get(f"/nettverk/saker/{case.id}/endre")
    assert edit.status_code == {"network_admin": 200 if state == "draft" else 403,
                                "anonymous": 302}.get(role, 403)

    token = csrf_from(client.get("/konto/logg-inn").get_data(as_text=True)) \
        if role == "anonymous" else csrf_from(client.get("/konto/").get_data(as_text=True))
    response = client.post(answer_url, data={
        "csrf_token": token, f"m{member.id}-option": str(case.options[0].id),
        f"m{member.id}-confirm": "y"})
    answered = db.session.scalar(select(func.count()).select_from(NetworkCaseResponse))
    assert answered == (1 if role == "member_admin" and state == "open" else 0)
    if role in ("inactive_admin", "moderator", "resident"):
        assert response.status_code == 403
    if role == "network_admin":
        assert response.status_code == 403, "the secretariat does not answer for a member"

    published_before = case.published_at
    client.post(f"/nettverk/saker/{case.id}/publiser", data={"csrf_token": token})
    case = db.session.get(NetworkCase, case.id)
    if role == "network_admin" and state == "draft":
        assert case.published_at is not None
    else:
        assert case.published_at == published_before


def test_predicates(people, member, outsider):
    network, admin = people["network_admin"], people["member_admin"]
    inactive, moderator = people["inactive_admin"], people["moderator"]
    anonymous = AnonymousUserMixin()
    assert runs_network(network) and not runs_network(admin) and not runs_network(anonymous)
    assert can_act_for(admin, member) and not can_act_for(admin, outsider)
    assert not can_act_for(inactive, outsider), "an admin of a municipality that is not a member"
    assert not can_act_for(moderator, member) and not can_act_for(network, member)
    assert member_municipalities(admin) == [member] and member_municipalities(inactive) == []
    assert takes_part(network) and takes_part(admin)
    assert not takes_part(inactive) and not takes_part(moderator) and not takes_part(anonymous)
    draft, open_case = create_case("vote", "draft"), create_case("vote", "open")
    closed = create_case("consultation", "closed")
    assert can_view_case(network, draft) and not can_view_case(admin, draft)
    assert can_view_case(admin, open_case) and not can_view_case(moderator, open_case)
    assert can_answer(admin, member, open_case) and not can_answer(admin, member, closed)
    assert not can_answer(admin, member, draft) and not can_answer(inactive, outsider, open_case)
