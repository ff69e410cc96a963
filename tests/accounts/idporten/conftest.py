"""A real OpenID provider on loopback (oidc-provider-mock, one per test session) and the app
pointed at it.

The provider is a Flask app served by werkzeug in a thread on 127.0.0.1. A test sets what
ID-porten says about a person with `provider.person(sub, **claims)` (its PUT /users/<sub>); the
claims go into the signed ID token as they are, and override the provider's own, so a token with
the wrong `iss`, `aud`, `nonce` or `acr` is a real token, signed with the provider's key. The
browser's part is played by the test client (our pages) and `requests` (the provider's form).
"""
from __future__ import annotations

import threading
import warnings
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from app.core import clock
from tests.browser.conftest import (  # noqa: F401 - the browser fixtures, for test_journey.py
    browser, browser_log, live_server, open_page,
)
from tests.conftest import free_port

#: the mock provider runs on Authlib's server side, which warns about its own old API
PROVIDER_WARNINGS = pytest.mark.filterwarnings("ignore::DeprecationWarning:authlib.*")

CLIENT_ID = "tinget-test"
#: what ID-porten sends as the national identity number; it must be stored nowhere
PID = "24079409630"


class Provider:
    def __init__(self, issuer: str):
        self.issuer = issuer

    def person(self, sub: str, **claims) -> str:
        """Set what the provider says about `sub` (by default a substantial log-in with a pid)."""
        claims = {"acr": "idporten-loa-substantial", "pid": PID, **claims}
        response = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=5)
        assert response.status_code == 204, response.text
        return sub


@pytest.fixture(scope="session")
def provider():
    from werkzeug.serving import make_server

    with warnings.catch_warnings():  # it imports authlib.jose, which Authlib marks deprecated
        warnings.simplefilter("ignore")
        from oidc_provider_mock import app as provider_app

    server = make_server("127.0.0.1", free_port(), provider_app(require_nonce=True), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="oidc-provider", daemon=True)
    thread.start()
    yield Provider(f"http://127.0.0.1:{server.port}")
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


@pytest.fixture
def configured(app, provider, monkeypatch):
    """The app uses the loopback provider for this test (the clock is let go afterwards)."""
    monkeypatch.setitem(app.config, "IDPORTEN_ISSUER", provider.issuer)
    monkeypatch.setitem(app.config, "IDPORTEN_CLIENT_ID", CLIENT_ID)
    monkeypatch.setitem(app.config, "IDPORTEN_CLIENT_SECRET", "hemmelig")
    yield provider
    clock.frozen_now = None


@pytest.fixture
def unconfigured(app, monkeypatch):
    monkeypatch.setitem(app.config, "IDPORTEN_ISSUER", None)
    monkeypatch.setitem(app.config, "IDPORTEN_CLIENT_ID", None)


class Flow:
    """Our pages through the test client, the provider's form through `requests`."""

    def __init__(self, client, provider: Provider):
        self.client = client
        self.provider = provider

    def person(self, sub: str, **claims) -> str:
        return self.provider.person(sub, **claims)

    def start(self, path: str = "/konto/idporten/logg-inn") -> str:
        """Ask our page to send us to ID-porten; the provider's authorization URL."""
        response = self.client.get(path)
        assert response.status_code == 302, response.get_data(as_text=True)
        return response.headers["Location"]

    def authorize(self, authorization_url: str, sub: str | None = None, *, deny=False) -> str:
        """Answer the provider's form as the person `sub` (or press "Deny"); the path and query
        the provider sends the browser back to."""
        data = {"action": "deny"} if deny else {"sub": sub}
        response = requests.post(authorization_url, data=data, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text
        back = urlsplit(response.headers["Location"])
        assert back.path == "/konto/idporten/retur"
        return f"{back.path}?{back.query}"

    def log_in(self, sub: str, start: str = "/konto/idporten/logg-inn"):
        """The whole round trip; our answer to the callback."""
        return self.client.get(self.authorize(self.start(start), sub))


@pytest.fixture
def flow(client, configured):
    """The round trip, in English (so the tests read the msgids, whatever the catalogs hold)."""
    client.get("/konto/logg-inn?lang=en")
    return Flow(client, configured)


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def signed_in(client) -> bool:
    """Whether the client's session is logged in (the account page answers instead of
    sending to the log-in page)."""
    return client.get("/konto/").status_code == 200

