"""Sessions end when they should: log-out, a password change or reset, "log out on all devices",
a deactivated account, age; the CSRF token is new after log-in; `next` never breaks a header;
registering costs the same for a known and a new address."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from app.accounts import passwords
from app.accounts.models import LoginSession, User
from app.core import clock
from tests.conftest import PASSWORD, Auth, csrf_from, link_in, submit

NEW_PASSWORD = "Helt-nytt-passord-2027"


def signed_in(client) -> bool:
    """Whether the client's cookie still opens the account page."""
    response = client.get("/konto/")
    if response.status_code == 302:
        assert urlsplit(response.headers["Location"]).path == "/konto/logg-inn"
        return False
    assert response.status_code == 200
    return True


@pytest.fixture
def second(app):
    """Another browser."""
    return app.test_client()


def test_a_cookie_saved_before_log_out_no_longer_opens_the_account(client, auth, make_user):
    auth.login(make_user())
    saved = client.get_cookie("session").value
    auth.logout()
    assert not signed_in(client)

    client.set_cookie("session", saved)
    assert not signed_in(client), "the replayed cookie of a logged-out session must not work"


def test_log_out_ends_only_this_browser(client, second, auth, make_user):
    user = make_user()
    auth.login(user)
    Auth(second).login(user)
    auth.logout()
    assert not signed_in(client)
    assert signed_in(second)


def test_a_password_change_ends_every_other_session(client, second, auth, make_user, db):
    user = make_user()
    auth.login(user)
    Auth(second).login(user)
    changed = submit(client, "/konto/endre-passord", {
        "current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert changed.status_code == 302
    assert signed_in(client), "the browser that changed the password stays logged in"
    assert not signed_in(second)
    assert db.session.scalar(select(func.count(LoginSession.id))) == 1


def test_a_refused_password_change_ends_nothing(client, second, auth, make_user):
    user = make_user()
    auth.login(user)
    Auth(second).login(user)
    wrong = submit(client, "/konto/endre-passord", {
        "current": "ikke-riktig-passord", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert wrong.status_code == 200
    assert signed_in(client) and signed_in(second)


def test_a_password_reset_by_mail_ends_every_session(client, second, make_user, outbox):
    user = make_user("liv@example.no")
    Auth(client).login(user)
    Auth(second).login(user)
    submit(client.application.test_client(), "/konto/glemt-passord", {"email": user.email})
    link = urlsplit(link_in(outbox[0])).path
    reset = submit(client, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert reset.status_code == 302
    assert not signed_in(client)
    assert not signed_in(second)
    Auth(second).login(user, NEW_PASSWORD)


def test_log_out_on_all_devices(client, second, auth, make_user):
    user = make_user()
    auth.login(user)
    Auth(second).login(user)
    saved = client.get_cookie("session").value
    response = submit(client, "/konto/logg-ut-overalt", {}, form_url="/konto/",
                      follow_redirects=True)
    assert response.status_code == 200
    assert "flash-success" in response.get_data(as_text=True)
    assert not signed_in(client)
    assert not signed_in(second)
    client.set_cookie("session", saved)
    assert not signed_in(client)


def test_log_out_on_all_devices_needs_csrf(client, auth, make_user):
    auth.login(make_user())
    assert client.post("/konto/logg-ut-overalt").status_code == 400
    assert signed_in(client)


def test_a_deactivated_account_has_no_session(client, auth, make_user, db):
    user = make_user()
    auth.login(user)
    db.session.get(User, user.id).active = False
    db.session.commit()
    assert not signed_in(client)


def test_a_session_ends_after_the_session_lifetime(client, auth, make_user, app, monkeypatch):
    auth.login(make_user())
    assert signed_in(client)
    later = clock.utcnow() + app.permanent_session_lifetime + timedelta(minutes=1)
    monkeypatch.setattr(clock, "frozen_now", later)
    assert not signed_in(client)


def test_a_session_cookie_without_its_secret_does_not_sign_in(client, auth, make_user):
    auth.login(make_user())
    with client.session_transaction() as session:
        session["login_session"] = "guessed"
    assert not signed_in(client)


def test_the_csrf_token_is_new_after_log_in(client, auth, make_user):
    # A visitor's form token is cookieless (app/core/csrf.py); a session someone else fixed in
    # the browser before the log-in may still carry one: it must not survive the log-in.
    page = client.get("/konto/logg-inn").get_data(as_text=True)
    with client.session_transaction() as session:
        session["csrf_token"] = "planted-before-log-in"
    auth.login(make_user())
    html = client.get("/konto/").get_data(as_text=True)
    with client.session_transaction() as session:
        assert session["csrf_token"] != "planted-before-log-in"
    assert csrf_from(html) != csrf_from(page)


# --- `next` with control characters (a CR/LF would end the Location header) ----------------

HOSTILE_NEXT = ["/asker/\r\nSet-Cookie:x=1", "/konto/\n", "/konto/\t", "/a\x7f"]
# A NUL anywhere in a request is refused with 400 before any view (app/core/security.refuse_nul).


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_next_with_control_characters_falls_back_on_log_in(client, make_user, target):
    make_user("per@example.no")
    response = submit(client, "/konto/logg-inn", {"email": "per@example.no", "password": PASSWORD,
                                                  "next": target},
                      form_url="/konto/logg-inn")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "Set-Cookie" not in response.headers or "x=1" not in response.headers["Set-Cookie"]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_next_with_control_characters_falls_back_when_signed_in(client, auth, make_user, target):
    auth.login(make_user())
    response = client.get("/konto/logg-inn", query_string={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/konto/"


def test_a_nul_in_next_is_refused_before_the_view(client, auth, make_user):
    auth.login(make_user())
    assert client.get("/konto/logg-inn", query_string={"next": "/konto/\x00"}).status_code == 400


def test_the_crlf_next_of_the_probe_gives_no_server_error(client, auth, make_user):
    make_user("per@example.no")
    url = "/konto/logg-inn?next=/asker/%0D%0ASet-Cookie:x%3D1"
    posted = submit(client, url, {"email": "per@example.no", "password": PASSWORD,
                                  "next": "/asker/\r\nSet-Cookie:x=1"})
    assert posted.status_code == 302
    assert client.get(url).status_code == 302


# --- registration costs the same for a known and a new address ------------------------------

def test_registering_hashes_the_password_for_a_known_and_a_new_address(client, make_user,
                                                                        monkeypatch):
    make_user("ola@example.no")
    calls = []
    original = passwords.hash_password

    def counting(password):
        calls.append(password)
        return original(password)

    monkeypatch.setattr(passwords, "hash_password", counting)
    counts = {}
    for email in ("ola@example.no", "ny@example.no"):
        calls.clear()
        response = submit(client.application.test_client(), "/konto/registrer", {
            "email": email, "display_name": "Ola", "password": "Lang-og-trygg-2026",
            "confirm": "Lang-og-trygg-2026"})
        assert response.status_code == 200
        counts[email] = len(calls)
    assert counts["ny@example.no"] == 1
    assert counts["ola@example.no"] == counts["ny@example.no"]
