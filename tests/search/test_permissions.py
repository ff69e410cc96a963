"""Who finds what: search shows everyone the same thing, only what is public. The matrix is
role (anonymous, resident, moderator, admin of the item's municipality, network admin) x state
of the item (public; not public: pending, hidden, rejected, draft; public in an inactive
municipality): an item is found exactly when it is public and its municipality active, whoever
searches, never more for staff (search is no back door to drafts)."""
from __future__ import annotations

import pytest

from app.accounts.models import Role
from app.moderation.models import ModerationState
from app.surveys.models import SurveyStatus
from tests.search import factories as f

ROLES = ("anonymous", "resident", "moderator", "admin", "network_admin")

#: state -> how to make one item of each kind in it (all titled with the word "Kanal")
STATES = {
    "public": lambda m: [
        f.idea(m, "Kanal idé"), f.consultation(m, title_nb="Kanal høring"),
        f.vote(m, "Kanal avstemning"), f.survey(m, "Kanal undersøkelse"),
        f.experience(m, title_nb="Kanal erfaring")],
    "not public": lambda m: [
        f.idea(m, "Kanal venter", state=ModerationState.pending),
        f.idea(m, "Kanal skjult", state=ModerationState.hidden),
        f.idea(m, "Kanal avvist", state=ModerationState.rejected),
        f.consultation(m, title_nb="Kanal høringsutkast", published=False),
        f.vote(m, "Kanal avstemningsutkast", published=False),
        f.survey(m, "Kanal undersøkelsesutkast", status=SurveyStatus.draft),
        f.experience(m, title_nb="Kanal erfaringsutkast", published=False)],
    "inactive municipality": "public",
}
EXPECTED = {"public": {"Kanal idé", "Kanal høring", "Kanal avstemning", "Kanal undersøkelse",
                       "Kanal erfaring"},
            "not public": set(), "inactive municipality": set()}


def _log_in_as(role, municipality, make_user, auth):
    if role == "anonymous":
        return
    user = make_user(role=None if role == "network_admin" else Role(role),
                     municipality=None if role == "network_admin" else municipality,
                     network_admin=role == "network_admin")
    auth.login(user)


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("role", ROLES)
def test_found_exactly_when_public_in_an_active_municipality(role, state, client, db, auth,
                                                             make_municipality, make_user):
    municipality = make_municipality("Kanalby")
    make_items = STATES["public"] if STATES[state] == "public" else STATES[state]
    make_items(municipality)
    if state == "inactive municipality":
        municipality.is_active = False
        db.session.commit()
    _log_in_as(role, municipality, make_user, auth)
    assert set(f.hits(client, "q=kanal")) == EXPECTED[state]
    assert set(f.hits(client, "kommune=kanalby")) == EXPECTED[state]
