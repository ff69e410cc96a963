"""Every way a log-in through ID-porten can go wrong is refused with a page that says so, a
warning in the log without personal data, and no account and no session.

The wrong `iss`, `aud`, `nonce` and `acr` come from the provider itself: the claims a test sets
for a person override its own in the ID token it signs, so only the claim is wrong."""
from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.accounts.models import LoginSession, User
from app.core import clock
from tests.accounts.idporten.conftest import PID, PROVIDER_WARNINGS, signed_in

pytestmark = PROVIDER_WARNINGS

FAILED, CANCELLED = "Log-in with ID-porten failed", "Log-in with ID-porten cancelled"
NOT_CONFIRMED = "We could not confirm the log-in from ID-porten"
EXPIRED_STATE = "The log-in with ID-porten has expired or has been used already"
LOWER_LEVEL = "lower level of security"


def assert_refused(response, status, text, client, db, caplog, reason):
    html = response.get_data(as_text=True)
    assert response.status_code == status, html
    assert (CANCELLED if reason == "cancelled" else FAILED) in html and text in html
    assert db.session.scalar(select(func.count()).select_from(User)) == 0, "no account"
    assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 0, "no session"
    assert not signed_in(client)
    with client.session_transaction() as session:
        assert "idporten_signup" not in session and "idporten_pending" not in session
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert f"ID-porten: refused ({reason})" in warnings
    assert not any(PID in r.getMessage() for r in caplog.records), "the pid is never logged"


@pytest.mark.parametrize(("claims", "reason"), [
    ({"iss": "https://idporten.example"}, "claim_iss"),
    ({"aud": "another-client"}, "claim_aud"),
    ({"nonce": "not-the-one-we-sent"}, "claim_nonce"),
], ids=["wrong issuer", "wrong audience", "wrong nonce"])
def test_a_token_with_a_wrong_claim_is_refused(db, flow, client, caplog, claims, reason):
    response = flow.log_in(flow.person("mallory", **claims))
    assert_refused(response, 400, NOT_CONFIRMED, client, db, caplog, reason)


@pytest.mark.parametrize(("returned", "required"), [
    ("idporten-loa-substantial", "idporten-loa-high"),
    ("idporten-loa-low", "idporten-loa-substantial"),
    (None, "idporten-loa-substantial"),
], ids=["substantial for high", "an unknown level", "no level"])
def test_a_lower_level_of_assurance_is_refused(db, flow, client, caplog, make_municipality,
                                               returned, required):
    municipality = make_municipality(idporten_acr=required)
    sub = flow.person("lav", acr=returned)
    response = flow.log_in(sub, start=f"/konto/idporten/logg-inn?kommune={municipality.slug}")
    assert_refused(response, 403, LOWER_LEVEL, client, db, caplog, "acr")


def test_a_wrong_onbehalfof_is_refused(db, flow, client, caplog, make_municipality):
    municipality = make_municipality(idporten_onbehalfof="kommunen")
    sub = flow.person("tjeneste", onbehalfof="en-annen")
    response = flow.log_in(sub, start=f"/konto/idporten/logg-inn?kommune={municipality.slug}")
    assert_refused(response, 403, NOT_CONFIRMED, client, db, caplog, "onbehalfof")


def test_an_expired_token_is_refused(db, flow, client, caplog):
    callback = flow.authorize(flow.start(), flow.person("sen"))
    clock.frozen_now = clock.utcnow() + timedelta(hours=1, minutes=2)  # the mock's tokens: 1 h
    response = client.get(callback)
    assert_refused(response, 400, NOT_CONFIRMED, client, db, caplog, "expired")


def test_a_token_from_the_future_is_refused(db, flow, client, caplog):
    callback = flow.authorize(flow.start(), flow.person("tidlig"))
    clock.frozen_now = clock.utcnow() - timedelta(minutes=5)
    response = client.get(callback)
    assert_refused(response, 400, NOT_CONFIRMED, client, db, caplog, "claim_iat")


def test_a_replayed_state_is_refused(db, flow, client, caplog, make_user):
    user = make_user()
    user.idporten_sub = flow.person("to-ganger")
    db.session.commit()
    callback = flow.authorize(flow.start(), "to-ganger")
    with client.session_transaction() as session:
        saved = dict(session)
    assert client.get(callback).status_code == 302 and signed_in(client)
    client.post("/konto/logg-ut", data={"csrf_token": _token(client)})
    db.session.execute(LoginSession.__table__.delete())
    db.session.execute(User.__table__.delete())
    db.session.commit()
    caplog.clear()

    response = client.get(callback)  # the same browser, the state used
    assert_refused(response, 400, EXPIRED_STATE, client, db, caplog, "state_missing")
    with client.session_transaction() as session:  # a copy of the cookie from before the callback
        session.update(saved)
    response = client.get(callback)
    assert_refused(response, 400, NOT_CONFIRMED, client, db, caplog, "token_request")


def test_a_missing_or_foreign_state_is_refused(db, flow, client, caplog):
    callback = flow.authorize(flow.start(), flow.person("uten-state"))
    without_state = "&".join(p for p in callback.split("?", 1)[1].split("&")
                             if not p.startswith("state="))
    response = client.get(f"/konto/idporten/retur?{without_state}")
    assert_refused(response, 400, EXPIRED_STATE, client, db, caplog, "state_missing")

    flow.start()  # a log-in under way in this browser, and someone else's callback
    response = client.get(callback.replace("state=", "state=x"))
    assert_refused(response, 400, EXPIRED_STATE, client, db, caplog, "state_mismatch")


def test_a_cancelled_log_in_is_refused_politely(db, flow, client, caplog):
    response = client.get(flow.authorize(flow.start(), deny=True))
    assert_refused(response, 400, "You cancelled the log-in with ID-porten", client, db, caplog,
                   "cancelled")


def test_a_provider_error_is_refused(db, flow, client, caplog):
    flow.start()
    with client.session_transaction() as session:
        state = session["idporten_pending"]["state"]
    response = client.get(f"/konto/idporten/retur?error=server_error&state={state}")
    assert_refused(response, 400, "ID-porten could not log you in", client, db, caplog,
                   "provider_error")


def test_an_unreachable_provider_is_said_plainly(db, flow, client, app, monkeypatch, caplog):
    from app.accounts import idporten
    from tests.conftest import free_port

    idporten.forget_providers()
    monkeypatch.setitem(app.config, "IDPORTEN_ISSUER", f"http://127.0.0.1:{free_port()}")
    response = client.get("/konto/idporten/logg-inn")
    assert_refused(response, 503, "ID-porten cannot be reached right now", client, db, caplog,
                   "unavailable")


def _token(client) -> str:
    from tests.conftest import csrf_from

    return csrf_from(client.get("/konto/logg-ut").get_data(as_text=True))
