"""The security baseline: headers, cookies, secret key, security.txt."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from app import create_app
from app.core import clock

SECURITY_TXT = "/.well-known/security.txt"


def test_every_response_has_the_security_headers(client):
    for path in ["/", "/konto/logg-inn", "/finnes-ikke/"]:
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "Strict-Transport-Security" not in response.headers


def test_hsts_under_https(client):
    response = client.get("/", base_url="https://tinget.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_inline_script_in_pages(client):
    html = client.get("/konto/registrer").get_data(as_text=True)
    assert "<script>" not in html and " on" + "click=" not in html


def test_session_cookie_is_httponly_and_lax(client):
    response = client.get("/?lang=nn")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_requires_a_secret_key_and_secure_cookies(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    import config

    monkeypatch.setattr(config.Config, "SECRET_KEY", None)
    with pytest.raises(RuntimeError, match="SECRET_KEY must be set"):
        create_app("production")
    monkeypatch.setattr(config.Config, "SECRET_KEY", "a-real-secret")
    app = create_app("production")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert not app.config["DEBUG"]


def test_error_pages(client, database_url):
    assert client.get("/finnes/ikke/her").status_code == 404
    assert client.get("/konto/nytt-passord/ugyldig").status_code == 400

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, PROPAGATE_EXCEPTIONS=False)

    @app.route("/_boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/_boom?lang=en")
    assert response.status_code == 500
    assert "An error occurred on our side" in response.get_data(as_text=True)


def test_behind_a_trusted_proxy_the_forwarded_scheme_counts(database_url):
    proxied = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, TRUSTED_PROXIES=1)
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    assert "Strict-Transport-Security" in proxied.test_client().get("/helse", headers=headers).headers
    direct = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url)
    assert "Strict-Transport-Security" not in direct.test_client().get("/helse",
                                                                      headers=headers).headers


def _fields(response) -> list[tuple[str, str]]:
    return [tuple(line.split(": ", 1)) for line in response.get_data(as_text=True).splitlines()]


def test_security_txt_says_where_to_report_and_sets_no_cookie(client, monkeypatch):
    monkeypatch.setattr(clock, "frozen_now", datetime(2026, 11, 30, 14, 5, tzinfo=timezone.utc))
    response = client.get(SECURITY_TXT, base_url="https://tinget.example")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "Set-Cookie" not in response.headers
    assert _fields(response) == [
        ("Contact", "mailto:sikkerhet@tinget.no"),
        ("Expires", "2027-11-30T00:00:00Z"),  # a year ahead, the same all day
        ("Preferred-Languages", "nb, nn, en"),
        ("Canonical", "https://tinget.example/.well-known/security.txt"),
    ]


def test_security_txt_takes_its_contacts_and_policy_from_the_configuration(app, client,
                                                                           monkeypatch):
    monkeypatch.setitem(app.config, "SECURITY_CONTACT",
                        "cert@kommune.example, https://tinget.example/sikkerhet")
    monkeypatch.setitem(app.config, "SECURITY_POLICY_URL", "https://tinget.example/retningslinjer")
    fields = _fields(client.get(SECURITY_TXT))
    assert [value for name, value in fields if name == "Contact"] == [
        "mailto:cert@kommune.example", "https://tinget.example/sikkerhet"]
    assert ("Policy", "https://tinget.example/retningslinjer") in fields
