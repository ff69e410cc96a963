"""The security baseline: headers, cookies, secret key."""
from __future__ import annotations

import pytest

from app import create_app


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
