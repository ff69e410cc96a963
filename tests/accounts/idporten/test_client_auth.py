"""The token request authenticates the client as configured: a secret (basic or post), or a
signed assertion with the client's own key (private_key_jwt, as ID-porten prefers)."""
from __future__ import annotations

from urllib.parse import parse_qs

import pytest
import requests
from joserfc import jwt
from joserfc.jwk import RSAKey

from tests.accounts.idporten.conftest import CLIENT_ID, PROVIDER_WARNINGS, signed_in

pytestmark = PROVIDER_WARNINGS


@pytest.fixture
def token_requests(monkeypatch):
    """The bodies and headers of the token requests the app sends."""
    sent = []
    real_send = requests.Session.send

    def send(session, request, **kwargs):
        if request.url.endswith("/oauth2/token"):
            sent.append((parse_qs(request.body or ""), dict(request.headers)))
        return real_send(session, request, **kwargs)

    monkeypatch.setattr(requests.Session, "send", send)
    return sent


def test_private_key_jwt_signs_an_assertion_for_id_porten(db, flow, client, make_user, app,
                                                          monkeypatch, tmp_path, token_requests):
    key = RSAKey.generate_key(2048)
    key_file = tmp_path / "tinget.pem"
    key_file.write_bytes(key.as_pem(private=True))
    monkeypatch.setitem(app.config, "IDPORTEN_TOKEN_AUTH_METHOD", "private_key_jwt")
    monkeypatch.setitem(app.config, "IDPORTEN_CLIENT_KEY_FILE", str(key_file))
    monkeypatch.setitem(app.config, "IDPORTEN_CLIENT_KEY_ID", "tinget-2026")
    monkeypatch.setitem(app.config, "IDPORTEN_CLIENT_SECRET", None)
    user = make_user()
    user.idporten_sub = flow.person("nokkel")
    db.session.commit()
    response = flow.log_in("nokkel")
    # the loopback provider cannot check such assertions (it answers invalid_client): the
    # refusal is clean, and what was sent is checked here with the public half of the key
    assert response.status_code == 400 and not signed_in(client)
    [(body, headers)] = token_requests
    assert "Authorization" not in headers, "no secret"
    assert body["client_assertion_type"] == [
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"]
    assertion = jwt.decode(body["client_assertion"][0], RSAKey.import_key(key.as_pem()))
    assert assertion.header["kid"] == "tinget-2026" and assertion.header["alg"] == "RS256"
    claims = assertion.claims
    assert claims["iss"] == claims["sub"] == CLIENT_ID
    assert claims["aud"] == flow.provider.issuer, "ID-porten's issuer is the audience"
    assert claims["jti"] and claims["exp"] > claims["iat"]


def test_client_secret_basic_is_the_default(db, flow, client, make_user, token_requests):
    user = make_user()
    user.idporten_sub = flow.person("hemmelig")
    db.session.commit()
    flow.log_in("hemmelig")
    assert signed_in(client)
    [(body, headers)] = token_requests
    assert headers["Authorization"].startswith("Basic ")
    assert body["code_verifier"][0] and "client_secret" not in body
