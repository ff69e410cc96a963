"""Who may open the account pages: anonymous visitors are sent to log in, accounts see them."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.accounts.factories import WHO, sign_in_as
from tests.conftest import csrf_from

#: pages only an account sees: anonymous visitors are sent to log in, then back here
OWN_PAGES = ("/konto/", "/konto/endre-passord", "/konto/endre-navn", "/konto/endre-epost",
             "/konto/folger")
#: pages for visitors without an account: a signed-in account is sent to its overview
GUEST_PAGES = ("/konto/registrer", "/konto/logg-inn")


@pytest.fixture
def asker(make_municipality):
    return make_municipality("Asker")


def _visit(client, auth, make_user, make_municipality, who, asker, path):
    sign_in_as(who, asker, auth=auth, make_user=make_user, make_municipality=make_municipality)
    return client.get(path)


@pytest.mark.parametrize("path", OWN_PAGES)
@pytest.mark.parametrize("who", WHO)
def test_own_pages(client, auth, make_user, make_municipality, asker, who, path):
    response = _visit(client, auth, make_user, make_municipality, who, asker, path)
    if who == "anonymous":
        assert response.status_code == 302
        location = urlsplit(response.headers["Location"])
        assert location.path == "/konto/logg-inn"
        assert parse_qs(location.query)["next"] == [path]
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("path", GUEST_PAGES)
@pytest.mark.parametrize("who", WHO)
def test_guest_pages(client, auth, make_user, make_municipality, asker, who, path):
    response = _visit(client, auth, make_user, make_municipality, who, asker, path)
    if who == "anonymous":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert urlsplit(response.headers["Location"]).path == "/konto/"


@pytest.mark.parametrize("who", WHO)
def test_the_log_out_page(client, auth, make_user, make_municipality, asker, who):
    response = _visit(client, auth, make_user, make_municipality, who, asker, "/konto/logg-ut")
    if who == "anonymous":
        assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/"
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("who", WHO)
def test_the_language_setting_needs_an_account(client, auth, make_user, make_municipality, asker,
                                               who):
    form_page = "/konto/logg-inn" if who == "anonymous" else "/konto/"
    page = _visit(client, auth, make_user, make_municipality, who, asker, form_page)
    saved = client.post("/konto/sprak", data={"csrf_token": csrf_from(page.get_data(as_text=True)),
                                              "locale": "nn"})
    assert saved.status_code == 302
    expected = "/konto/logg-inn" if who == "anonymous" else "/konto/"
    assert urlsplit(saved.headers["Location"]).path == expected


#: (item, state): may a signed-in account follow it? Visitors never may.
FOLLOWABLE_STATES = {("idea", "published"): True, ("idea", "pending"): False,
                     ("idea", "hidden"): False, ("consultation", "open"): True,
                     ("consultation", "draft"): False, ("vote", "open"): True,
                     ("vote", "draft"): False}


def _items(municipality, author):
    from app.moderation.models import ModerationState
    from tests.consultations.factories import consultation_in_phase
    from tests.ideas.factories import create_idea
    from tests.votes.factories import create_vote

    return {
        ("idea", "published"): create_idea(municipality, author),
        ("idea", "pending"): create_idea(municipality, author, state=ModerationState.pending),
        ("idea", "hidden"): create_idea(municipality, author, state=ModerationState.hidden),
        ("consultation", "open"): consultation_in_phase(municipality, "open"),
        ("consultation", "draft"): consultation_in_phase(municipality, "draft"),
        ("vote", "open"): create_vote(municipality),
        ("vote", "draft"): create_vote(municipality, published=False),
    }


@pytest.mark.parametrize("who", WHO)
def test_who_may_follow_what(client, db, auth, make_user, make_municipality, asker, who):
    from sqlalchemy import select

    from app.core.follows import Follow

    items = _items(asker, make_user(role="admin", municipality=asker))
    user = sign_in_as(who, asker, auth=auth, make_user=make_user,
                      make_municipality=make_municipality)
    token = csrf_from(client.get("/konto/logg-inn" if user is None else "/konto/")
                      .get_data(as_text=True))
    for (key, state), item in items.items():
        response = client.post(f"/konto/folg/{key}/{item.id}", data={"csrf_token": token,
                                                                    "want": "1"})
        assert response.status_code == 302, (key, state)
        if user is None:
            assert urlsplit(response.headers["Location"]).path == "/konto/logg-inn"
    followed = set(db.session.execute(select(Follow.object_type, Follow.object_id)).all())
    expected = {(key, items[(key, state)].id) for (key, state), ok in FOLLOWABLE_STATES.items()
                if ok and user is not None}
    assert followed == expected
