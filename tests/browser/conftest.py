"""Browser fixtures: the test app served over HTTP, Debian's Chromium driven by Playwright.

`live_server` serves the session's `app` fixture (the same database as every other fixture)
with werkzeug in a thread on 127.0.0.1. `open_page()` opens a page in a fresh browser context;
any JavaScript dialog or console error on it fails the test. `page` is one such page.
"""
from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, field

import pytest

from tests.conftest import PASSWORD, require

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def live_server(app):
    """The base URL of the app, served by werkzeug on a free port of 127.0.0.1."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    require(os.path.exists(CHROMIUM), f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - depends on the machine
        require(False, "playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class BrowserLog:
    """What the pages of one test showed that no page should: dialogs and console errors."""

    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    #: documents the test navigated to; a 4xx/5xx status it asked for is not a console error
    documents: set[str] = field(default_factory=set)

    def watch(self, page) -> None:
        def on_dialog(dialog):
            self.dialogs.append(f"{dialog.type} on {page.url}: {dialog.message!r}")
            dialog.dismiss()

        def on_console(message):
            if message.type != "error":
                return
            url = (message.location or {}).get("url", "")
            if message.text.startswith("Failed to load resource") and url in self.documents:
                return
            self.console_errors.append(f"{url or page.url}: {message.text}")

        def on_response(response):
            if response.request.resource_type == "document":
                self.documents.add(response.url)

        page.on("dialog", on_dialog)
        page.on("console", on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"{page.url}: {error}"))
        page.on("response", on_response)


@pytest.fixture
def browser_log():
    return BrowserLog()


@pytest.fixture
def open_page(browser, live_server, browser_log):
    """Open a page in a new browser context (its own cookies): `open_page(viewport=...)`."""
    contexts = []

    def open_(**options):
        options.setdefault("base_url", live_server)
        options.setdefault("locale", "nb-NO")
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        browser_log.watch(page)
        return page

    yield open_
    for context in contexts:
        context.close()
    problems = [f"JavaScript dialog: {d}" for d in browser_log.dialogs]
    problems += [f"console error: {e}" for e in browser_log.console_errors]
    if problems:
        pytest.fail("The browser reported:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture
def page(open_page):
    return open_page()


def log_in(page, email: str, password: str = PASSWORD, lang: str = "nb") -> None:
    """Log in through the form, as a person would; fails unless the log-in succeeds."""
    page.goto(f"/konto/logg-inn?lang={lang}")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    assert not re.search(r"/konto/logg-inn", page.url), f"log-in as {email} failed: {page.url}"
