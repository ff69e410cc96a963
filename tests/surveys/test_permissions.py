"""Who gets which survey page: role x survey state, for the public pages, the builder and the
admin results. Drafts are invisible (404) to all but the municipality's admins; admin pages send
anonymous visitors to the log-in (302) and refuse everyone else but this municipality's admins
(403), whatever the survey's state."""
from __future__ import annotations

import pytest

from app.accounts.models import Role
from app.surveys.permissions import (
    can_answer, can_manage_surveys, can_see_public_results, can_view_survey,
)
from tests.surveys.factories import survey_in_state

ROLES = ("anonymous", "resident", "moderator", "admin", "admin_elsewhere")
STATES = ("draft", "open", "closed")

EVERYONE = dict.fromkeys(ROLES, 200)
ADMINS_ONLY_ELSE_404 = {**dict.fromkeys(ROLES, 404), "admin": 200}
ADMIN_PAGE = {"anonymous": 302, "resident": 403, "moderator": 403, "admin": 200,
              "admin_elsewhere": 403}

#: page -> (path under /asker, state -> role -> status code)
PAGES = {
    "detail": ("/undersokelser/{id}", {
        "draft": ADMINS_ONLY_ELSE_404, "open": EVERYONE, "closed": EVERYONE}),
    "thanks": ("/undersokelser/{id}/takk", {
        "draft": ADMINS_ONLY_ELSE_404, "open": EVERYONE, "closed": EVERYONE}),
    "public_results": ("/undersokelser/{id}/resultater", {
        "draft": ADMINS_ONLY_ELSE_404, "open": EVERYONE, "closed": EVERYONE}),
    "admin_builder": ("/admin/undersokelser/{id}/", dict.fromkeys(STATES, ADMIN_PAGE)),
    "admin_edit": ("/admin/undersokelser/{id}/innstillinger", dict.fromkeys(STATES, ADMIN_PAGE)),
    "preview": ("/admin/undersokelser/{id}/forhandsvisning", dict.fromkeys(STATES, ADMIN_PAGE)),
    "results_page": ("/admin/undersokelser/{id}/resultater", dict.fromkeys(STATES, ADMIN_PAGE)),
    "export": ("/admin/undersokelser/{id}/svar.csv", dict.fromkeys(STATES, ADMIN_PAGE)),
}



@pytest.fixture
def asker(make_municipality):
    return make_municipality("Asker")


@pytest.fixture
def person(make_user, make_municipality, asker):
    """The user for a role name (None for anonymous); admin_elsewhere is an admin of Bærum."""
    def make(role: str):
        if role == "anonymous":
            return None
        if role == "admin_elsewhere":
            return make_user(role=Role.admin, municipality=make_municipality("Bærum"))
        return make_user(role=Role(role), municipality=asker)
    return make


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_pages_by_role_and_state(client, auth, asker, person, state, role):
    survey = survey_in_state(asker, state, public_results=True)
    user = person(role)
    if user is not None:
        auth.login(user)
    got = {page: client.get("/asker" + path.format(id=survey.id)).status_code
           for page, (path, _) in PAGES.items()}
    assert got == {page: table[state][role] for page, (_, table) in PAGES.items()}


@pytest.mark.parametrize("role", ROLES)
def test_the_public_summary_is_only_for_admins_when_it_is_not_chosen(client, auth, asker, person,
                                                                     role):
    survey = survey_in_state(asker, "closed", public_results=False)
    user = person(role)
    if user is not None:
        auth.login(user)
    expected = 200 if role == "admin" else 404
    assert client.get(f"/asker/undersokelser/{survey.id}/resultater").status_code == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("requires_login", [False, True], ids=["anonymous-survey", "login-survey"])
def test_the_predicates(app, asker, person, role, state, requires_login):
    survey = survey_in_state(asker, state, requires_login=requires_login, public_results=True)
    user = person(role)
    admin = role == "admin"
    with app.test_request_context():
        assert can_manage_surveys(user, asker) is admin
        assert can_view_survey(user, survey) is (state != "draft" or admin)
        assert can_answer(user, survey) is (
            state == "open" and (user is not None or not requires_login))
        assert bool(can_see_public_results(user, survey)) is (state != "draft" or admin)
