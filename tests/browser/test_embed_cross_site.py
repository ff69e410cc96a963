"""In Chromium: a page on another site embeds the survey through /embed.js.

The app runs on 127.0.0.1; the host page is served from `localhost` on another port, a
different *site*, so the frame is a third-party context. Headless Chromium blocks third-party
cookies by default; a persistent profile with cookie_controls_mode 0 allows them. Both work.
"""
from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import func, select

from app.core.extensions import db as _db
from app.surveys.models import SurveyResponse
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS
from tests.surveys.factories import build_survey

pytestmark = pytest.mark.browser


@contextmanager
def host_site(html: str):
    """A tiny web site on a free port of 127.0.0.1 serving `html` at /."""
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            if self.path.split("?")[0] != "/":
                self.send_error(404)
                return
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.origin = f"http://localhost:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.origin
    finally:
        server.shutdown()
        server.server_close()


def host_page(app_url: str, token: str, *, script_tag=False, lang="") -> str:
    lang_attr = f' data-lang="{lang}"' if lang else ""
    if script_tag:
        widget = (f'<script src="{app_url}/embed.js" data-tinget-survey="{token}"{lang_attr} '
                  'data-title="Spørreundersøkelse om reiser" async></script>')
    else:
        widget = (f'<div data-tinget-survey="{token}" data-title="Spørreundersøkelse om reiser"'
                  f'{lang_attr}><a href="{app_url}/">Svar her</a></div>'
                  f'<script src="{app_url}/embed.js" async></script>')
    return (f'<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Kommunen</title><link rel="icon" href="data:,">'
            f'</head><body><h1>Asker kommune</h1><p>Si din mening.</p>{widget}'
            f'<footer style="height:2000px">Bunntekst</footer></body></html>')


@pytest.fixture
def survey(db, make_municipality):
    asker = make_municipality("Asker", accessibility_statement_url="https://uustatus.no/")
    return build_survey(asker)


def token_of(survey) -> str:
    """Read in the test's thread: the host site's thread has no app context."""
    return str(survey.embed_token)


def register_origin(survey, origin: str) -> None:
    survey.municipality.embed_origins = origin
    _db.session.commit()


def responses(channel="embed") -> int:
    _db.session.expire_all()
    return _db.session.scalar(select(func.count()).select_from(SurveyResponse).where(
        SurveyResponse.channel == channel))


def frame_height(page) -> float:
    return page.eval_on_selector("iframe", "f => f.getBoundingClientRect().height")


def wait_for_resize(page, not_height: str = "600px") -> None:
    page.wait_for_function(
        "h => { const f = document.querySelector('iframe'); return f && f.style.height && "
        "f.style.height !== h; }", arg=not_height)


def answer_in_frame(frame, survey) -> None:
    single, multiple, scale, yes_no, short, long_, number, ranking = survey.questions
    frame.check(f"#q{single.id}-{single.options[2].id}")
    frame.check(f"#q{multiple.id}-{multiple.options[0].id}")
    frame.check(f"#q{scale.id}-5")
    frame.check(f"#q{yes_no.id}-1")
    frame.fill(f"#q{short.id}", "Heggedal")
    frame.fill(f"#q{long_.id}", "Flere sykkelparkeringer.")
    frame.fill(f"#q{number.id}", "25")
    for rank, option in enumerate(ranking.options, 1):
        frame.select_option(f"#q{ranking.id}-{option.id}", str(rank))


def run_embed_flow(page, survey, host: str, *, script_tag=False):
    """Open the host page, check the frame grows to its content, answer, check it is counted."""
    page.goto(host + "/")
    iframe = page.wait_for_selector("iframe")
    assert iframe.get_attribute("title") == "Spørreundersøkelse om reiser"
    wait_for_resize(page)
    frame = page.frame_locator("iframe")
    inner = iframe.content_frame()
    content = inner.evaluate("document.documentElement.getBoundingClientRect().height")
    assert content > 600, "the survey is taller than the first guess"
    assert abs(frame_height(page) - content) <= 2, "the iframe grew to its content"
    assert frame.locator("h1").inner_text() == "Hvordan reiser du til jobb?"
    # A validation error makes the page taller; the frame follows.
    before = frame_height(page)
    frame.locator("button[type=submit]").click()
    frame.locator(".ds-error-summary").wait_for()
    page.wait_for_function("h => parseFloat(document.querySelector('iframe').style.height) > h",
                           arg=before)
    inner = iframe.content_frame()
    answer_in_frame(inner, survey)
    tall = frame_height(page)
    with inner.expect_navigation():
        frame.locator("button[type=submit]").click()
    inner.wait_for_url("**/takk**")
    assert frame.locator("[role=status]").count() == 1
    page.wait_for_function("h => parseFloat(document.querySelector('iframe').style.height) < h",
                           arg=tall)
    assert responses() == 1
    return iframe.content_frame()


def test_embedded_survey_grows_and_is_answered_with_third_party_cookies_blocked(
        page, live_server, survey):
    with host_site(host_page(live_server, token_of(survey))) as host:
        register_origin(survey, host)
        frame = run_embed_flow(page, survey, host)
        assert frame.url.startswith(f"{live_server}/embed/undersokelse/{survey.embed_token}/takk")
        assert page.context.cookies(live_server) == [], "the embed set no cookie"


def test_embedded_survey_works_when_third_party_cookies_are_allowed(
        browser, browser_log, live_server, survey, tmp_path):
    profile = tmp_path / "profile"
    (profile / "Default").mkdir(parents=True)
    (profile / "Default" / "Preferences").write_text(
        json.dumps({"profile": {"cookie_controls_mode": 0}}))
    context = browser.browser_type.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        locale="nb-NO")
    try:
        context.set_default_timeout(TIMEOUT_MS)
        page = context.pages[0] if context.pages else context.new_page()
        browser_log.watch(page)
        with host_site(host_page(live_server, token_of(survey),
                                                script_tag=True)) as host:
            register_origin(survey, host)
            run_embed_flow(page, survey, host, script_tag=True)
            assert context.cookies(live_server) == []
    finally:
        context.close()


def assert_framing_refused(page, live_server, survey, browser_log, registered: str) -> None:
    with host_site(host_page(live_server, token_of(survey))) as host:
        register_origin(survey, registered)
        page.goto(host + "/")
        iframe = page.wait_for_selector("iframe")
        page.wait_for_timeout(1500)
        frame = iframe.content_frame()
        assert frame is None or frame.url.startswith("chrome-error://"), frame.url
        assert "Hvordan reiser" not in (frame.content() if frame else "")
        assert page.eval_on_selector("iframe", "f => f.style.height") == "600px"  # no messages
    refused = [e for e in browser_log.console_errors if "frame-ancestors" in e]
    assert refused, f"Chromium did not report the refusal: {browser_log.console_errors}"
    expected = "frame-ancestors 'none'" if not registered else f"frame-ancestors {registered}"
    assert expected in refused[0]
    browser_log.console_errors[:] = [e for e in browser_log.console_errors if e not in refused]


def test_an_unregistered_origin_is_refused_framing(page, live_server, survey, browser_log):
    assert_framing_refused(page, live_server, survey, browser_log, "https://www.asker.kommune.no")


def test_with_no_registered_origin_every_frame_is_refused(page, live_server, survey, browser_log):
    assert_framing_refused(page, live_server, survey, browser_log, "")


def test_the_frame_shows_nynorsk_and_switches_language(page, live_server, survey):
    with host_site(host_page(live_server, token_of(survey), lang="nn")) as host:
        register_origin(survey, host)
        page.goto(host + "/")
        iframe = page.wait_for_selector("iframe")
        wait_for_resize(page)
        frame = page.frame_locator("iframe")
        assert frame.locator("h1").inner_text() == "Korleis reiser du til jobb?"
        assert iframe.content_frame().evaluate("document.documentElement.lang") == "nn"
        with iframe.content_frame().expect_navigation():
            frame.get_by_role("link", name="Bokmål").click()
        assert frame.locator("h1").inner_text() == "Hvordan reiser du til jobb?"
        assert iframe.content_frame().evaluate("document.documentElement.lang") == "nb"


def test_embed_page_loads_at_most_30_kb_in_at_most_3_requests(page, live_server, survey):
    """Measured in the browser: everything the frame fetches (HTML, CSS, JS), uncompressed."""
    with host_site(host_page(live_server, token_of(survey))) as host:
        register_origin(survey, host)
        fetched = []

        def on_response(response):
            if response.url.startswith(live_server) and not response.url.endswith("/embed.js"):
                fetched.append((response.url, len(response.body())))

        page.on("response", on_response)
        page.goto(host + "/")
        page.wait_for_selector("iframe")
        wait_for_resize(page)
        page.wait_for_load_state("networkidle")
        total = sum(size for _, size in fetched)
        assert 1 <= len(fetched) <= 3, fetched
        assert total <= 30 * 1024, fetched
        print(f"\nembed page: {len(fetched)} requests, {total} bytes: {fetched}")
