"""No cookie for anonymous readers (issue 14, item 5).

Every GET route is walked as an anonymous visitor, reaching tenant objects through the areas'
factories (tests/tenant_objects.py), with one published item of each kind in the municipality:
no response may set a cookie. A cookie comes only from a log-in, a language choice, or a form
sent; and a form sent anonymously works with its cookieless token.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from werkzeug.routing import IntegerConverter

from app.accounts.models import Role
from app.core import clock
from app.core.extensions import limiter
from app.moderation.models import ModerationState
from app.surveys.models import SurveyResponse
from tests.conftest import PASSWORD, csrf_from
from tests.hostile import fill
from tests.ideas.factories import create_idea
from tests.surveys.factories import build_survey, valid_answers
from tests.tenant_objects import load_all

FACTORIES = load_all()
LOGIN_PATH = "/konto/logg-inn"
#: the pages the issue measured with a cookie (their forms' tokens were kept in the session)
MEASURED = {"tenant.ideas.detail", "tenant.consultations.detail", "tenant.surveys.detail"}
#: pages with a form for an anonymous reader: it carries the cookieless token
WITH_FORMS = {"tenant.surveys.detail", "accounts.login", "accounts.register",
              "accounts.forgot_password"}


def _values(rule, municipality, owner, made: dict) -> dict:
    """URL values for `rule` naming real objects of `municipality` (made once per factory)."""
    if rule.endpoint.startswith("tenant."):
        if not set(rule.arguments) - {"municipality"}:
            return {}
        factory = FACTORIES[rule.endpoint]
        if factory not in made:
            made[factory] = factory(municipality, owner)
        return made[factory]
    if "embed" not in made:
        made["embed"] = build_survey(municipality).embed_token
    named = {"token": made["embed"], "number": municipality.number, "filename": "css/main.css",
             "slug": municipality.slug, "key": "mobilitet", **(rule.defaults or {})}
    numbers = {name: municipality.id if name == "municipality_id" else 1
               for name, converter in rule._converters.items()
               if isinstance(converter, IntegerConverter) and name not in named}
    return {**named, **numbers}


#: the walk's result, made once for the tests of this module that read it
_WALK: list = []


@pytest.fixture
def walk(app, make_municipality, make_user, monkeypatch):
    """Every GET route as an anonymous visitor: [(endpoint, url, response)]."""
    if _WALK:
        return _WALK
    monkeypatch.setattr(limiter, "enabled", False)
    municipality = make_municipality("Hjemby")
    owner = make_user(role=Role.admin, municipality=municipality)
    create_idea(municipality, owner, state=ModerationState.published)
    made, seen = {}, []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods:
            continue
        url = fill(rule, _values(rule, municipality, owner, made), municipality.slug)
        response = app.test_client().get(url)  # a new reader each time, with no cookie
        seen.append((rule.endpoint, url, response))
    _WALK.extend(seen)
    return seen


def _needs_log_in(response) -> bool:
    return response.status_code == 302 and response.location.startswith(LOGIN_PATH)


def test_no_public_page_sets_a_cookie_for_an_anonymous_reader(walk):
    pages = [(endpoint, url, response) for endpoint, url, response in walk
             if not _needs_log_in(response)]
    offenders = [f"{url} ({endpoint}, {response.status_code}): {response.headers['Set-Cookie']}"
                 for endpoint, url, response in pages if "Set-Cookie" in response.headers]
    assert not offenders, "anonymous GETs that set a cookie:\n" + "\n".join(offenders)
    read = {endpoint: response for endpoint, _, response in pages if response.status_code == 200}
    assert MEASURED | WITH_FORMS <= set(read), f"not read: {MEASURED | WITH_FORMS - set(read)}"
    for endpoint in WITH_FORMS:
        html = read[endpoint].get_data(as_text=True)
        assert 'name="csrf_token"' in html, f"{endpoint} should carry a form (with its token)"
        assert "Cookie" in read[endpoint].vary, f"{endpoint} depends on the session: Vary: Cookie"
    assert len(read) > 40, "the walk should read most public pages"


def test_pages_that_need_a_log_in_send_the_reader_there_without_a_cookie(walk):
    redirected = [(endpoint, url, response) for endpoint, url, response in walk
                  if _needs_log_in(response)]
    assert redirected, "some pages need a log-in"
    offenders = [f"{url} ({endpoint})" for endpoint, url, response in redirected
                 if "Set-Cookie" in response.headers]
    assert not offenders, "redirects to the log-in page that set a cookie:\n" + "\n".join(offenders)


def test_logging_in_sets_the_cookie_and_the_forms_then_use_the_session(client, make_user):
    user = make_user()
    page = client.get(LOGIN_PATH)
    assert "Set-Cookie" not in page.headers
    anonymous_token = csrf_from(page.get_data(as_text=True))
    response = client.post(LOGIN_PATH, data={"csrf_token": anonymous_token, "email": user.email,
                                             "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("session=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    signed_in_token = csrf_from(client.get("/konto/logg-ut").get_data(as_text=True))
    assert signed_in_token != anonymous_token, "a signed-in visitor's token is bound to the session"
    logged_out = client.post("/konto/logg-ut", data={"csrf_token": signed_in_token})
    assert logged_out.status_code == 302 and logged_out.location.endswith("/")


def test_choosing_a_language_sets_the_cookie_once(client):
    chosen = client.get("/?lang=nn")
    assert "Set-Cookie" in chosen.headers and 'lang="nn"' in chosen.get_data(as_text=True)
    again = client.get("/")
    assert 'lang="nn"' in again.get_data(as_text=True), "the choice is remembered"
    assert "Set-Cookie" not in again.headers, "nothing new to remember"
    assert "Set-Cookie" not in client.get("/?lang=nn").headers, "the same choice again"


def _answers(db) -> int:
    return db.session.scalar(select(func.count()).select_from(SurveyResponse))


def _field(html: str, name: str) -> str:
    return re.search(rf'name="{name}"[^>]*value="([^"]+)"', html).group(1)


def test_an_anonymous_survey_answer_works_with_the_cookieless_token(client, db,
                                                                    make_municipality):
    municipality = make_municipality("Svarby")
    survey = build_survey(municipality)
    url = f"/{municipality.slug}/undersokelser/{survey.id}"
    page = client.get(url)
    assert page.status_code == 200 and "Set-Cookie" not in page.headers
    html = page.get_data(as_text=True)
    data = {"csrf_token": csrf_from(html), "form_token": _field(html, "form_token"),
            **valid_answers(survey)}
    for refused in ({"Origin": "https://angriper.example"}, {"Sec-Fetch-Site": "cross-site"}):
        assert client.post(url, data=data, headers=refused).status_code == 400
    forged_token = data["csrf_token"].rsplit(".", 1)[0] + "." + "A" * 27  # another signature
    forged = client.post(url, data={**data, "csrf_token": forged_token})
    assert forged.status_code == 400
    assert _answers(db) == 0, "a refused form saves nothing"
    sent = client.post(url, data=data, headers={"Origin": "http://localhost"})
    assert sent.status_code == 303, sent.get_data(as_text=True)[:400]
    assert sent.location.endswith(f"/undersokelser/{survey.id}/takk")
    assert _answers(db) == 1


def test_the_cookieless_token_outlives_a_cached_page_and_then_expires(client, make_user,
                                                                      monkeypatch):
    user = make_user()
    start = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)
    monkeypatch.setattr(clock, "frozen_now", start)
    token = csrf_from(client.get(LOGIN_PATH).get_data(as_text=True))
    data = {"csrf_token": token, "email": user.email, "password": PASSWORD}
    monkeypatch.setattr(clock, "frozen_now", start + timedelta(hours=25))
    expired = client.post(LOGIN_PATH + "?lang=en", data=data)
    assert expired.status_code == 400 and "The form has expired" in expired.get_data(as_text=True)
    monkeypatch.setattr(clock, "frozen_now", start + timedelta(hours=13))
    assert client.post(LOGIN_PATH, data=data).status_code == 302, "valid for at least 12 hours"
