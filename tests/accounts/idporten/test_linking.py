"""Link ID-porten to an existing account, unlink it, and what a link makes the account: verified."""
from __future__ import annotations

from flask import render_template
from flask_login import login_user
from sqlalchemy import select

from app.accounts.models import User
from app.core.extensions import db
from app.core.audit import AuditEvent
from tests.accounts.idporten.conftest import PROVIDER_WARNINGS
from tests.conftest import csrf_from

pytestmark = PROVIDER_WARNINGS


def token(client) -> str:
    """The CSRF token of the account page's forms (the ID-porten box among them)."""
    return csrf_from(client.get("/konto/").get_data(as_text=True))


def link(flow, client, sub: str):
    start = client.get("/konto/idporten/koble-til")
    assert start.status_code == 302, start.get_data(as_text=True)
    return client.get(flow.authorize(start.headers["Location"], sub))


def test_a_resident_links_and_unlinks_id_porten(db, flow, client, auth, make_user):
    user = make_user()
    auth.login(user)
    response = link(flow, client, flow.person("min-sub"))
    assert response.status_code == 302 and response.headers["Location"] == "/konto/"
    user = db.session.get(User, user.id)
    assert user.idporten_sub == "min-sub" and user.idporten_verified_at is not None
    assert "Koble fra ID-porten" in _box(client, user.id)

    response = client.post("/konto/idporten/koble-fra", data={"csrf_token": token(client)})
    assert response.status_code == 302
    user = db.session.get(User, user.id)
    assert user.idporten_sub is None and user.idporten_verified_at is None
    assert "Koble til ID-porten" in _box(client, user.id)
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.actor_id == user.id).order_by(AuditEvent.id)).all()
    assert actions == ["user.idporten_linked", "user.idporten_unlinked"]


def test_an_identity_linked_to_another_account_is_refused(db, flow, client, auth, make_user):
    other = make_user()
    other.idporten_sub = flow.person("opptatt")
    user = make_user()
    db.session.commit()
    auth.login(user)
    response = link(flow, client, "opptatt")
    assert response.status_code == 403
    assert "linked to another Tinget account" in response.get_data(as_text=True)
    assert db.session.get(User, user.id).idporten_sub is None
    assert db.session.get(User, other.id).idporten_sub == "opptatt"


def test_an_account_without_a_password_cannot_unlink(db, flow, client, auth, make_user):
    user = make_user()
    user.idporten_sub = "bare-id-porten"
    user.idporten_verified_at = user.created_at
    db.session.commit()
    auth.login(user)
    user.password_hash = ""  # made through ID-porten: no other way to log in
    db.session.commit()
    assert "velge et passord" in _box(client, user.id)
    assert "Unlink ID-porten" not in _box(client, user.id)
    client.post("/konto/idporten/koble-fra", data={"csrf_token": token(client)})
    assert db.session.get(User, user.id).idporten_sub == "bare-id-porten"


def test_a_link_that_returns_to_another_session_is_refused(db, flow, client, auth, make_user):
    first, second = make_user(), make_user()
    auth.login(first)
    start = client.get("/konto/idporten/koble-til")
    callback = flow.authorize(start.headers["Location"], flow.person("bytte"))
    with client.session_transaction() as session:
        pending = session["idporten_pending"]
    auth.logout()
    auth.login(second)
    with client.session_transaction() as session:
        session["idporten_pending"] = pending
    response = client.get(callback)
    assert response.status_code == 403
    assert db.session.scalar(select(User).where(User.idporten_sub == "bytte")) is None



def _box(client, user_id: int) -> str:
    """The ID-porten box of the account page, as the account sees it."""
    app = client.application
    with app.test_request_context():
        login_user(db.session.get(User, user_id))
        return render_template("accounts/idporten/_account_box.html")

