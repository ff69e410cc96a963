"""Who reaches which ID-porten page, per role and state (configured or not).

Unconfigured, every page is a 404 and no button shows. Configured: log-in starts for visitors
(a signed-in account is sent to its page); linking needs a signed-in account; unlinking needs a
link and a password."""
from __future__ import annotations

import pytest

from app.accounts.models import User
from tests.accounts.idporten.conftest import PROVIDER_WARNINGS
from tests.conftest import csrf_from

pytestmark = PROVIDER_WARNINGS

ROLES = ("anonymous", "resident", "linked", "idporten_only")
PAGES = ("start", "link", "callback", "signup", "unlink")


def _as(role, db, auth, make_user):
    if role == "anonymous":
        return None
    user = make_user()
    if role in {"linked", "idporten_only"}:
        user.idporten_sub = f"{role}-sub"
        user.idporten_verified_at = user.created_at
    db.session.commit()
    auth.login(user)
    if role == "idporten_only":
        user.password_hash = ""
        db.session.commit()
    return user


def _visit(client, page: str):
    token = csrf_from(client.get("/konto/glemt-passord?lang=en").get_data(as_text=True))
    if page == "start":
        return client.get("/konto/idporten/logg-inn")
    if page == "link":
        return client.get("/konto/idporten/koble-til")
    if page == "callback":
        return client.get("/konto/idporten/retur?code=x&state=y")
    if page == "signup":
        return client.get("/konto/idporten/ny-konto")
    return client.post("/konto/idporten/koble-fra", data={"csrf_token": token})


#: configured: (status, where a redirect goes: "provider", "login", "account", or None)
CONFIGURED = {
    "anonymous": {"start": (302, "provider"), "link": (302, "login"), "callback": (400, None),
                  "signup": (400, None), "unlink": (302, "login")},
    "resident": {"start": (302, "account"), "link": (302, "provider"), "callback": (400, None),
                 "signup": (400, None), "unlink": (302, "account")},
}
CONFIGURED["linked"] = CONFIGURED["idporten_only"] = CONFIGURED["resident"]


@pytest.mark.parametrize("role", ROLES)
def test_unconfigured_every_page_is_missing_and_no_button_shows(db, client, auth, make_user,
                                                                unconfigured, role):
    _as(role, db, auth, make_user)
    for page in PAGES:
        assert _visit(client, page).status_code == 404, page
    for path in ("/konto/logg-inn", "/konto/registrer"):
        assert "/konto/idporten/" not in client.get(path).get_data(as_text=True), path


@pytest.mark.parametrize("role", ROLES)
def test_configured(db, client, auth, make_user, configured, role):
    user = _as(role, db, auth, make_user)
    for page in PAGES:
        response = _visit(client, page)
        status, goes = CONFIGURED[role][page]
        assert response.status_code == status, f"{role} {page}"
        location = response.headers.get("Location", "")
        if goes == "provider":
            assert location.startswith(configured.issuer), f"{role} {page}"
        elif goes == "login":
            assert location.startswith("/konto/logg-inn"), f"{role} {page}"
        elif goes == "account":
            assert location == "/konto/", f"{role} {page}"
    if user is not None:
        sub = db.session.get(User, user.id).idporten_sub
        assert (sub is None) == (role in {"resident", "linked"}), "only `linked` could unlink"
    else:
        assert 'href="/konto/idporten/logg-inn' in client.get("/konto/logg-inn").get_data(
            as_text=True), "the button shows for visitors"
