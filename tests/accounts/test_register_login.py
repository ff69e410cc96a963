"""Register, verify by mail, log in, log out, reset and change the password: over real SMTP."""
from __future__ import annotations

import re

from urllib.parse import urlsplit

from sqlalchemy import select

from app.accounts.models import User
from tests.conftest import PASSWORD, link_in, mail_body, submit


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _page(response, email: str) -> str:
    """The page text with the e-mail address and the (time-stamped) CSRF token blanked out."""
    text = response.get_data(as_text=True).replace(email, "X")
    return re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "csrf", text)


def register(client, email="kari@example.no", password="Lang-og-trygg-2026", name="Kari"):
    return submit(client, "/konto/registrer", {
        "email": email, "display_name": name, "password": password, "confirm": password})


def test_register_sends_a_link_that_verifies_and_allows_log_in(client, db, outbox):
    response = register(client)
    assert response.status_code == 200
    assert "kari@example.no" in response.get_data(as_text=True)
    assert len(outbox) == 1 and outbox[0]["To"] == "kari@example.no"

    before = submit(client, "/konto/logg-inn", {"email": "kari@example.no",
                                                "password": "Lang-og-trygg-2026"})
    assert before.status_code == 200, "an unverified account must not log in"
    assert len(outbox) == 2, "a new verification link is sent on a log-in attempt"

    verified = client.get(_path(link_in(outbox[0])))
    assert verified.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "kari@example.no"))
    assert user.is_verified
    assert user.password_hash.startswith("scrypt:")

    logged_in = submit(client, "/konto/logg-inn", {"email": "KARI@example.no ",
                                                   "password": "Lang-og-trygg-2026"})
    assert logged_in.status_code == 302
    assert "Kari" in client.get("/konto/").get_data(as_text=True)


def test_register_with_a_taken_address_reveals_nothing(client, make_user, outbox):
    make_user("ola@example.no")
    response = register(client, email="ola@example.no")
    assert response.status_code == 200
    fresh = register(client.application.test_client(), email="ny@example.no")
    # Both pages say the same thing: check your e-mail.
    assert _page(response, "ola@example.no") == _page(fresh, "ny@example.no")
    assert outbox[0]["To"] == "ola@example.no"
    assert "/konto/glemt-passord" in mail_body(outbox[0])


def test_weak_password_is_refused_with_a_message(client, db, outbox):
    response = register(client, password="passord123")
    assert response.status_code == 200
    assert 'class="ds-error-summary"' in response.get_data(as_text=True)
    assert db.session.scalar(select(User)) is None
    assert outbox == []


def test_wrong_password_and_unknown_address_get_the_same_answer(client, make_user):
    make_user("per@example.no")
    wrong = submit(client, "/konto/logg-inn", {"email": "per@example.no", "password": "feil-feil-feil"})
    unknown = submit(client, "/konto/logg-inn", {"email": "ingen@example.no", "password": "feil-feil-feil"})
    assert wrong.status_code == unknown.status_code == 200
    assert _page(wrong, "per@example.no") == _page(unknown, "ingen@example.no")


def test_next_redirects_only_within_the_site(client, make_user):
    make_user("per@example.no")
    for target, expected in [("/konto/", "/konto/"), ("https://evil.example/", "/"),
                             ("//evil.example/", "/"), ("/\\evil.example", "/")]:
        fresh = client.application.test_client()
        response = submit(fresh, f"/konto/logg-inn?next={target}",
                          {"email": "per@example.no", "password": PASSWORD, "next": target})
        assert response.status_code == 302
        assert urlsplit(response.headers["Location"]).netloc in ("", "localhost")
        assert _path(response.headers["Location"]) == expected


def test_log_out_needs_a_post_with_csrf(client, auth, make_user):
    auth.login(make_user())
    assert client.get("/konto/logg-ut").status_code == 200
    assert client.post("/konto/logg-ut").status_code == 400
    assert client.get("/konto/").status_code == 200
    auth.logout()
    assert client.get("/konto/").status_code == 302


def test_password_reset_link_works_once(client, db, make_user, outbox):
    make_user("liv@example.no")
    submit(client, "/konto/glemt-passord", {"email": "liv@example.no"})
    submit(client, "/konto/glemt-passord", {"email": "ukjent@example.no"})
    assert [m["To"] for m in outbox] == ["liv@example.no"]
    link = _path(link_in(outbox[0]))
    changed = submit(client, link, {"password": "Nytt-passord-2027", "confirm": "Nytt-passord-2027"})
    assert changed.status_code == 302
    assert client.get(link).status_code == 400, "a used reset link must not work again"
    assert submit(client, "/konto/logg-inn", {"email": "liv@example.no",
                                              "password": "Nytt-passord-2027"}).status_code == 302


def test_password_reset_link_expires(client, app, make_user, outbox):
    make_user("liv@example.no")
    submit(client, "/konto/glemt-passord", {"email": "liv@example.no"})
    link = _path(link_in(outbox[0]))
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    try:
        assert client.get(link).status_code == 400
    finally:
        app.config["PASSWORD_RESET_MAX_AGE"] = 3600


def test_change_password_checks_the_current_one(client, auth, make_user):
    user = make_user()
    auth.login(user)
    wrong = submit(client, "/konto/endre-passord", {
        "current": "ikke-riktig-passord", "password": "Helt-nytt-2027", "confirm": "Helt-nytt-2027"})
    assert wrong.status_code == 200
    right = submit(client, "/konto/endre-passord", {
        "current": PASSWORD, "password": "Helt-nytt-2027", "confirm": "Helt-nytt-2027"})
    assert right.status_code == 302
    auth.logout()
    auth.login(user, "Helt-nytt-2027")


def test_language_preference_is_saved_and_used(client, auth, db, make_user):
    user = make_user()
    auth.login(user)
    submit(client, "/konto/sprak", {"locale": "nn"}, form_url="/konto/")
    assert db.session.get(User, user.id).locale == "nn"
    assert '<html lang="nn"' in client.get("/").get_data(as_text=True)


def test_log_in_is_rate_limited(client, app, make_user):
    make_user("per@example.no")
    statuses = [submit(client, "/konto/logg-inn", {"email": "per@example.no",
                                                   "password": "feil-feil-feil"}).status_code
                for _ in range(11)]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
