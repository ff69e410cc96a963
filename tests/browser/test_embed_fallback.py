"""embed.js on a site that is not on the municipality's list: the frame never loads, so after
the wait the page shows a link to answer on Tinget instead of an empty grey frame; on a listed
site the frame stays and no link shows."""
from __future__ import annotations

import pytest

from tests.browser.test_embed_cross_site import (  # noqa: F401  (survey: the fixture)
    host_site, register_origin, survey, token_of, wait_for_resize,
)

pytestmark = pytest.mark.browser


def host_page(app_url: str, token: str) -> str:
    """The municipality's page with the embed; a one-second wait keeps the test short."""
    return ('<!doctype html><html lang="nn"><head><meta charset="utf-8"><title>Kommunen</title>'
            '<link rel="icon" href="data:,"></head><body><h1>Voss herad</h1>'
            f'<div data-tinget-survey="{token}" data-lang="nn" data-wait="1"></div>'
            f'<script src="{app_url}/embed.js" async></script></body></html>')


def test_a_refused_frame_gives_way_to_a_link(page, live_server, survey, browser_log):
    with host_site(host_page(live_server, token_of(survey))) as host:
        register_origin(survey, "https://www.asker.kommune.no")  # not this site
        page.goto(host + "/")
        link = page.locator(".tinget-fallback a")
        link.wait_for(state="visible")
        assert link.inner_text() == "Svar på undersøkinga på Tinget"
        assert link.get_attribute("href") == \
            f"{live_server}/embed/undersokelse/{survey.embed_token}?lang=nn"
        assert not page.locator("iframe").is_visible()
        with page.expect_navigation():
            link.click()
        assert page.locator("h1").inner_text() == "Korleis reiser du til jobb?"
    browser_log.console_errors[:] = [e for e in browser_log.console_errors
                                     if "frame-ancestors" not in e]


def test_a_frame_that_loads_shows_no_link(page, live_server, survey):
    with host_site(host_page(live_server, token_of(survey))) as host:
        register_origin(survey, host)
        page.goto(host + "/")
        wait_for_resize(page)
        # the frame spoke: embed.js marked it ready and dropped the fallback's timer
        page.wait_for_function("() => document.querySelector('iframe').tingetReady === true")
        assert page.locator("iframe").is_visible()
        assert page.locator(".tinget-fallback").is_hidden()
