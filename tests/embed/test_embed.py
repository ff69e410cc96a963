"""The embed page: framing limited to registered origins, no cookies, signed per-form tokens."""
from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import func, select

from app.surveys.models import SurveyResponse, SurveyStatus
from app.surveys.tokens import issue_form_token
from tests.surveys.factories import build_survey, valid_answers

ORIGINS = "https://www.asker.kommune.no\nhttp://127.0.0.1:5001"


def form_token(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def responses(db) -> int:
    return db.session.scalar(select(func.count()).select_from(SurveyResponse))


@pytest.fixture
def asker(make_municipality):
    return make_municipality("Asker", embed_origins=ORIGINS,
                             accessibility_statement_url="https://uustatus.no/nb/erklaringer/asker")


@pytest.fixture
def survey(db, asker):
    return build_survey(asker)


@pytest.fixture
def url(survey):
    return f"/embed/undersokelse/{survey.embed_token}"


def test_frame_ancestors_are_exactly_the_registered_origins(client, url):
    response = client.get(url)
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert csp.endswith("frame-ancestors https://www.asker.kommune.no http://127.0.0.1:5001")
    assert "X-Frame-Options" not in response.headers


def test_without_registered_origins_framing_is_refused(client, db, asker, url):
    asker.embed_origins = ""
    db.session.commit()
    response = client.get(url)
    assert response.status_code == 200  # it still opens on its own
    assert response.headers["Content-Security-Policy"].endswith("frame-ancestors 'none'")
    assert response.headers["X-Frame-Options"] == "DENY"


def test_other_pages_are_never_framed(client, survey):
    response = client.get(f"/asker/undersokelser/{survey.id}")
    assert response.headers["Content-Security-Policy"].endswith("frame-ancestors 'none'")


def test_minimal_chrome_municipality_accessibility_link_language_switch(client, url):
    html = client.get(url + "?lang=nn").get_data(as_text=True)
    assert '<html lang="nn"' in html
    assert '<p class="embed-org">Asker</p>' in html
    assert 'href="https://uustatus.no/nb/erklaringer/asker"' in html
    assert 'hreflang="nb"' in html and 'aria-current="true">Nynorsk' in html
    assert "Korleis reiser du til jobb?" in html
    assert "site-header" not in html and "main-nav" not in html


def test_answering_needs_no_cookie_at_all(app, db, url, survey):
    client = app.test_client(use_cookies=False)
    page = client.get(url + "?lang=en&o=http://127.0.0.1:5001")
    assert "Set-Cookie" not in page.headers
    html = page.get_data(as_text=True)
    assert "csrf_token" not in html
    assert 'action="/embed/undersokelse/' in html and "o=http://127.0.0.1:5001" in html
    response = client.post(url + "?lang=en&o=http://127.0.0.1:5001",
                           data={"form_token": form_token(html), **valid_answers(survey)})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    assert "Set-Cookie" not in response.headers
    assert response.headers["Location"].startswith(f"{url}/takk?lang=en&o=")
    thanks = client.get(response.headers["Location"])
    assert "Thank you for your answers" in thanks.get_data(as_text=True)
    assert "Set-Cookie" not in thanks.headers
    saved = db.session.scalars(select(SurveyResponse)).one()
    assert saved.channel == "embed" and saved.user_id is None


def test_an_unregistered_parent_origin_is_ignored(client, url):
    html = client.get(url + "?o=https://evil.example").get_data(as_text=True)
    assert "evil.example" not in html
    assert 'data-parent-origin=""' in html


@pytest.mark.parametrize("token", [None, "", "not-a-token", "forged"])
def test_a_missing_or_forged_form_token_is_refused(app, db, client, url, survey, token):
    data = valid_answers(survey)
    if token == "forged":  # a well-formed token signed with another key
        from itsdangerous import URLSafeTimedSerializer

        token = URLSafeTimedSerializer("another-key", salt="tinget.survey-form").dumps(
            {"s": survey.id, "n": "abc"})
    if token is not None:
        data["form_token"] = token
    assert client.post(url, data=data).status_code == 400
    assert responses(db) == 0


def test_a_token_for_another_survey_is_refused(app, db, client, asker, url, survey):
    other = build_survey(asker)
    with app.test_request_context():
        token = issue_form_token(other)
    assert client.post(url, data={"form_token": token, **valid_answers(survey)}).status_code == 400
    assert responses(db) == 0


def test_an_expired_form_token_is_refused_and_a_fresh_form_is_offered(app, db, client, url, survey,
                                                                      monkeypatch):
    html = client.get(url).get_data(as_text=True)
    old = form_token(html)
    monkeypatch.setitem(app.config, "SURVEY_FORM_MAX_AGE", 1)
    time.sleep(2.1)
    response = client.post(url + "?lang=en", data={"form_token": old, **valid_answers(survey)})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The form was open for too long" in html
    assert form_token(html) != old and 'value="Asker sentrum"' in html
    assert responses(db) == 0


def test_a_reused_form_token_is_counted_once(db, client, url, survey):
    token = form_token(client.get(url).get_data(as_text=True))
    data = {"form_token": token, **valid_answers(survey)}
    first, second = client.post(url, data=data), client.post(url, data=data)
    assert first.status_code == second.status_code == 303
    assert "again=1" in second.headers["Location"] and "again" not in first.headers["Location"]
    assert responses(db) == 1


def test_invalid_embedded_answers_are_shown_again_with_messages(db, client, url, survey):
    data = valid_answers(survey)
    data.pop(survey.questions[0].field_name)
    html_page = client.get(url).get_data(as_text=True)
    response = client.post(url + "?lang=en", data={"form_token": form_token(html_page), **data})
    assert response.status_code == 200
    assert "Question 1: Choose one of the options." in response.get_data(as_text=True)
    assert responses(db) == 0


def test_a_logged_in_survey_links_to_the_full_page_when_embedded(db, client, asker):
    survey = build_survey(asker, requires_login=True)
    url = f"/embed/undersokelse/{survey.embed_token}?lang=en"
    html = client.get(url).get_data(as_text=True)
    assert "form_token" not in html and "Answer on Tinget" in html
    assert f"/asker/undersokelser/{survey.id}" in html
    assert client.post(url, data=valid_answers(survey)).status_code == 409


@pytest.mark.parametrize("state", ["draft", "unknown", "inactive"])
def test_drafts_unknown_tokens_and_inactive_municipalities_are_404(db, client, asker, state):
    survey = build_survey(asker, status=SurveyStatus.draft if state == "draft"
                          else SurveyStatus.published)
    token = "does-not-exist" if state == "unknown" else survey.embed_token
    if state == "inactive":
        asker.is_active = False
        db.session.commit()
    assert client.get(f"/embed/undersokelse/{token}").status_code == 404


def test_embedded_answers_are_rate_limited(app, db, client, url, survey, monkeypatch):
    monkeypatch.setitem(app.config, "SURVEY_ANSWER_RATE_LIMIT", "2 per minute")
    statuses = []
    for _ in range(3):
        token = form_token(client.get(url).get_data(as_text=True))
        statuses.append(client.post(url, data={"form_token": token,
                                               **valid_answers(survey)}).status_code)
    assert statuses == [303, 303, 429]
    assert responses(db) == 2


def test_embed_js_is_small_dependency_free_and_cacheable(client):
    response = client.get("/embed.js")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert len(response.data) <= 5 * 1024
    assert "import " not in body and "require(" not in body and "http" not in body.split("*/", 1)[1]
    assert "event.origin !== origin" in body  # messages are origin-checked
    assert "max-age" in response.headers["Cache-Control"]


def test_embed_page_budget_html_css_js_within_30_kb_in_3_requests(client, url):
    """The embed page and everything it loads: at most 30 KB in at most 3 requests."""
    page = client.get(url)
    html = page.get_data(as_text=True)
    assets = [a for a in re.findall(r'<(?:link[^>]+href|script[^>]+src|img[^>]+src)="([^"]+)"', html)
              if not a.startswith("data:")]  # inline: no request
    assert all(not a.startswith("http") for a in assets)
    sizes = {url: len(page.data)}
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        sizes[asset] = len(response.data)
    assert 1 + len(assets) <= 3, sizes
    assert sum(sizes.values()) <= 30 * 1024, sizes
