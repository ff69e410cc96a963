"""Log in with ID-porten: a new account, a known account, and what we ask ID-porten for."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import requests
from sqlalchemy import select

from app.accounts import idporten
from app.accounts.models import User
from app.core import clock
from app.core.audit import AuditEvent
from tests.accounts.idporten.conftest import PROVIDER_WARNINGS, query_of, signed_in
from tests.conftest import csrf_from, link_in

pytestmark = PROVIDER_WARNINGS


def test_the_authorization_request_asks_for_what_id_porten_needs(flow, make_municipality):
    municipality = make_municipality("Bakkeby", idporten_acr="idporten-loa-high",
                                     idporten_onbehalfof="bakkeby-kommune")
    asked = query_of(flow.start(f"/konto/idporten/logg-inn?kommune={municipality.slug}&lang=nn"))
    assert asked["response_type"] == "code" and asked["client_id"] == "tinget-test"
    assert asked["code_challenge_method"] == "S256" and len(asked["code_challenge"]) == 43
    assert asked["state"] and asked["nonce"] and asked["state"] != asked["nonce"]
    assert asked["acr_values"] == "idporten-loa-high", "the municipality's level"
    assert asked["onbehalfof"] == "bakkeby-kommune"
    assert asked["ui_locales"] == "nn", "the interface language"
    assert asked["scope"] == "openid profile"
    assert asked["redirect_uri"] == "http://localhost/konto/idporten/retur"

    plain = query_of(flow.start("/konto/idporten/logg-inn"))
    assert plain["acr_values"] == "idporten-loa-substantial" and "onbehalfof" not in plain
    assert plain["state"] != asked["state"], "a fresh state for every log-in"
    from_next = query_of(flow.start(f"/konto/idporten/logg-inn?next=/{municipality.slug}/"))
    assert from_next["acr_values"] == "idporten-loa-high", "the municipality `next` lies in"


def test_a_new_resident_creates_a_linked_account(db, flow, client, outbox):
    sub = flow.person("ny-innbygger-sub")
    response = flow.log_in(sub)
    assert response.status_code == 302
    assert response.headers["Location"] == "/konto/idporten/ny-konto"
    assert db.session.scalar(select(User)) is None, "nothing is created before the form is sent"
    assert not signed_in(client)

    page = client.get("/konto/idporten/ny-konto").get_data(as_text=True)
    response = client.post("/konto/idporten/ny-konto", data={
        "csrf_token": csrf_from(page), "display_name": "Kari", "email": "Kari@Example.no"})
    assert response.status_code == 200
    user = db.session.scalar(select(User))
    assert (user.email, user.display_name, user.idporten_sub) == ("kari@example.no", "Kari", sub)
    assert user.idporten_verified_at is not None and user.password_hash == ""
    assert not user.is_verified, "the address is confirmed by the usual link"
    assert not signed_in(client), "as with a password: log in once the address is confirmed"
    assert client.get("/konto/idporten/ny-konto").status_code == 400, "the form works once"

    [mail] = outbox
    assert mail["To"] == "kari@example.no"
    client.get(urlpath(link_in(mail)))
    response = flow.log_in(sub, start="/konto/idporten/logg-inn?next=/konto/")
    assert response.status_code == 302 and response.headers["Location"] == "/konto/"
    assert signed_in(client)
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["user.idporten_account_created", "user.idporten_login"]


def test_a_known_account_logs_in_and_high_satisfies_substantial(db, flow, client, make_user):
    user = make_user("ola@example.no")
    user.idporten_sub = "ola-sub"
    db.session.commit()
    flow.person("ola-sub", acr="idporten-loa-high")
    response = flow.log_in("ola-sub", start="/konto/idporten/logg-inn?next=//evil.example/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/", "an unsafe `next` goes to the front page"
    assert signed_in(client)
    user = db.session.get(User, user.id)
    assert user.idporten_verified_at is not None and user.last_login_at is not None


def test_an_address_that_is_taken_creates_nothing_and_tells_its_owner(db, flow, client, make_user,
                                                                      outbox):
    owner = make_user("tatt@example.no")
    flow.log_in(flow.person("noen-andre"))
    page = client.get("/konto/idporten/ny-konto").get_data(as_text=True)
    response = client.post("/konto/idporten/ny-konto", data={
        "csrf_token": csrf_from(page), "display_name": "Noen", "email": "tatt@example.no"})
    assert response.status_code == 200, "the same page as for a new address"
    assert db.session.scalar(select(User).where(User.idporten_sub.is_not(None))) is None
    assert [mail["To"] for mail in outbox] == [owner.email]
    assert "ID-porten" in outbox[0].get_body().get_content()


def test_an_unconfirmed_address_cannot_log_in_and_gets_a_new_link(db, flow, client, make_user,
                                                                  outbox):
    user = make_user("venter@example.no", verified=False)
    user.idporten_sub = "venter-sub"
    db.session.commit()
    response = flow.log_in(flow.person("venter-sub"))
    assert response.status_code == 403 and not signed_in(client)
    assert [mail["To"] for mail in outbox] == [user.email]


def test_the_new_account_form_expires(db, flow, client, app):
    flow.log_in(flow.person("treig"))
    assert client.get("/konto/idporten/ny-konto").status_code == 200
    clock.frozen_now = clock.utcnow() + timedelta(
        seconds=app.config["IDPORTEN_SIGNUP_MAX_AGE"] + 1)
    assert client.get("/konto/idporten/ny-konto").status_code == 400


def test_discovery_is_fetched_once(flow, monkeypatch):
    idporten.forget_providers()
    fetched = []
    real_get = requests.get
    monkeypatch.setattr(requests, "get",
                        lambda url, **kw: fetched.append(url) or real_get(url, **kw))
    flow.start()
    flow.start()
    assert fetched == [f"{flow.provider.issuer}/.well-known/openid-configuration"]


def urlpath(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
