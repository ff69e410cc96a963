"""Who may open the account pages: anonymous visitors are sent to log in, accounts see them."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.accounts.factories import WHO, sign_in_as
from tests.conftest import csrf_from

#: pages only an account sees: anonymous visitors are sent to log in, then back here
OWN_PAGES = ("/konto/", "/konto/endre-passord")
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
