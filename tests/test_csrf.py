"""Every state-changing route refuses a request without a good CSRF token.

Signed-in visitors carry a token bound to their session; anonymous visitors a signed, cookieless
one (app/core/csrf.py) whose POST must also come from this site. Both walks go over every
state-changing route of `app.url_map`, so a new form is covered without a list to keep.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from itsdangerous import URLSafeTimedSerializer
from werkzeug.routing import IntegerConverter

from app.accounts.models import Role
from app.core import clock
from app.core.csrf import ANONYMOUS_PAYLOAD, ANONYMOUS_SALT, ANONYMOUS_TOKENS
from app.core.extensions import limiter
from tests.conftest import PASSWORD, csrf_from
from tests.tenant_objects import load_all

FACTORIES = load_all()
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
#: signed per-form tokens instead of a session (surveys issue)
CSRF_EXEMPT = {"embed.answer"}
EXPIRED = "The form has expired"
OTHER_SITE = {"Origin": "https://angriper.example"}


def _url(rule, slug, values):
    path = rule.rule.replace("<municipality>", slug)
    for name in rule.arguments - {"municipality"}:
        for pattern in (f"<int:{name}>", f"<{name}>", f"<string:{name}>"):
            path = path.replace(pattern, str(values[name]))
    return path


def _state_changing(app, municipality, owner=None):
    """(endpoint, method, url) of every state-changing route; with an `owner`, real objects of
    the municipality in the URL (without, any id: the token is checked before a view runs)."""
    for rule in app.url_map.iter_rules():
        methods = rule.methods & STATE_CHANGING
        if not methods or rule.endpoint in CSRF_EXEMPT:
            continue
        # an integer argument gets a number, so the route is reached (and refuses the token)
        values = {name: "1" if isinstance(rule._converters.get(name), IntegerConverter) else "x"
                  for name in rule.arguments}
        if owner and rule.endpoint.startswith("tenant.") and set(rule.arguments) - {"municipality"}:
            values = FACTORIES[rule.endpoint](municipality, owner)
        url = _url(rule, municipality.slug, values) + "?lang=en"
        for method in sorted(methods):
            yield rule.endpoint, method, url


def _refused(response) -> bool:
    return response.status_code == 400 and EXPIRED in response.get_data(as_text=True)


def test_every_post_route_refuses_a_request_without_a_csrf_token(app, client, auth,
                                                                 make_municipality, make_user):
    municipality = make_municipality("Hjemby")
    admin = make_user(role=Role.admin, municipality=municipality)
    auth.login(admin)
    anonymous_token = _anonymous_token(app)
    checked = []
    for turn, (endpoint, method, url) in enumerate(_state_changing(app, municipality, admin)):
        # in turn: no token; a cookieless one (signed in, it counts only from this site's pages)
        data = {"anything": "1"} if turn % 2 else {"csrf_token": anonymous_token}
        response = client.open(url, method=method, data=data)
        assert _refused(response), f"{method} {url} with {data} gave {response.status_code}"
        checked.append(endpoint)
    assert "accounts.login" in checked and "tenant.municipalities.admin" in checked


def _anonymous_token(app) -> str:
    with app.test_request_context():
        return ANONYMOUS_TOKENS.issue(ANONYMOUS_PAYLOAD)


def test_every_post_route_refuses_a_bad_cookieless_token(app, client, make_municipality,
                                                         monkeypatch):
    """Anonymous: a missing, forged, foreign-key or expired token, or a good one sent from
    another site, is refused before any view runs."""
    monkeypatch.setattr(limiter, "enabled", False)
    municipality = make_municipality("Hjemby")
    start = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)
    monkeypatch.setattr(clock, "frozen_now", start - timedelta(days=2))
    expired = _anonymous_token(app)
    monkeypatch.setattr(clock, "frozen_now", start)
    good = _anonymous_token(app)
    another_secret = URLSafeTimedSerializer("another-secret", salt=ANONYMOUS_SALT).dumps(
        ANONYMOUS_PAYLOAD)
    resigned = good.rsplit(".", 1)[0] + "." + "A" * 27  # the same token, another signature
    bad = [({}, {}), ({"csrf_token": "forged"}, {}), ({"csrf_token": resigned}, {}),
           ({"csrf_token": another_secret}, {}), ({"csrf_token": expired}, {}),
           ({"csrf_token": good}, OTHER_SITE),
           ({"csrf_token": good}, {"Referer": "https://angriper.example/side"}),
           ({"csrf_token": good}, {"Sec-Fetch-Site": "cross-site"}),
           ({"csrf_token": good}, {"Origin": "null"})]
    checked = []
    # every route without a token and with one bad token in turn; the log-in form with each
    routes = list(_state_changing(app, municipality))
    for turn, (endpoint, method, url) in enumerate(routes):
        kinds = bad if endpoint == "accounts.login" else [bad[0], bad[1 + turn % (len(bad) - 1)]]
        for data, headers in kinds:
            response = client.open(url, method=method, data={"anything": "1", **data},
                                   headers=headers)
            assert _refused(response), \
                f"{method} {url} with {data or 'no token'} {headers} gave {response.status_code}"
        checked.append(endpoint)
    assert "accounts.login" in checked and "tenant.ideas.comment" in checked


@pytest.fixture
def login_data(client, make_user):
    """A log-in form as an anonymous visitor sends it: with the page's cookieless token."""
    user = make_user()
    token = csrf_from(client.get("/konto/logg-inn").get_data(as_text=True))
    return {"csrf_token": token, "email": user.email, "password": PASSWORD}


@pytest.mark.parametrize("headers", [
    {}, {"Origin": "http://localhost"}, {"Referer": "http://localhost/konto/logg-inn"},
    {"Sec-Fetch-Site": "same-origin"}], ids=["no-evidence", "origin", "referer", "fetch-site"])
def test_a_cookieless_token_from_this_site_logs_in(client, login_data, headers):
    response = client.post("/konto/logg-inn", data=login_data, headers=headers)
    assert response.status_code == 302 and "session=" in response.headers["Set-Cookie"]


def test_an_origin_in_csrf_trusted_origins_counts_as_this_site(app, client, login_data,
                                                                monkeypatch):
    headers = {"Origin": "https://deltakelse.kommune.example"}
    assert _refused(client.post("/konto/logg-inn?lang=en", data=login_data, headers=headers))
    monkeypatch.setitem(app.config, "CSRF_TRUSTED_ORIGINS", ("https://deltakelse.kommune.example",))
    assert client.post("/konto/logg-inn", data=login_data, headers=headers).status_code == 302


def test_a_signed_in_visitor_may_send_a_page_read_before_log_in_from_this_site(client, auth,
                                                                                make_user):
    """A form read anonymously (its token cookieless), then sent after logging in elsewhere:
    accepted when the browser says it comes from this site, refused when it says nothing."""
    old_token = csrf_from(client.get("/konto/logg-inn").get_data(as_text=True))
    auth.login(make_user())
    data = {"csrf_token": old_token}
    assert _refused(client.post("/konto/logg-ut?lang=en", data=data))
    assert _refused(client.post("/konto/logg-ut?lang=en", data=data, headers=OTHER_SITE))
    sent = client.post("/konto/logg-ut", data=data, headers={"Origin": "http://localhost"})
    assert sent.status_code == 302, "logged out"


def test_a_session_token_sent_from_another_site_is_refused(client, auth, make_user):
    auth.login(make_user())
    token = csrf_from(client.get("/konto/logg-ut").get_data(as_text=True))
    assert _refused(client.post("/konto/logg-ut?lang=en", data={"csrf_token": token},
                                headers=OTHER_SITE))
    assert client.post("/konto/logg-ut", data={"csrf_token": token}).status_code == 302
