"""The journey in Chromium, with ID-porten configured against the loopback provider: the log-in
button, the provider's form, our new-account form (empty, then filled in), the page after it,
and the page a cancelled log-in ends on; axe (WCAG 2.1 AA) on each of our pages, in bokmål and
nynorsk. (The audit of every page, tests/browser/test_axe.py, runs without ID-porten, where these
pages are 404s.)"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.models import User
from tests.accounts.idporten.conftest import PROVIDER_WARNINGS
from tests.browser.test_axe import axe_violations

pytestmark = [PROVIDER_WARNINGS, pytest.mark.browser]


def _open(open_page):
    page = open_page()
    # the provider's page loads a stylesheet from a CDN; there is no internet here
    page.route("https://cdn.jsdelivr.net/**",
               lambda route: route.fulfill(body="", content_type="text/css"))
    return page


def _audit(page, where: str) -> None:
    found = axe_violations(page)
    assert not found, f"{where} ({page.url}):\n  " + "\n  ".join(found)


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_a_new_resident_through_id_porten_in_the_browser(db, configured, open_page, lang):
    sub = configured.person(f"nettleser-{lang}")
    page = _open(open_page)
    page.goto(f"/konto/logg-inn?lang={lang}")
    _audit(page, "log-in page with the ID-porten button")
    with page.expect_navigation():
        page.click('main a[href^="/konto/idporten/logg-inn"]')
    assert page.url.startswith(configured.issuer)
    page.fill("input[name=sub]", sub)
    with page.expect_navigation():
        page.click("form:has(input[name=sub]) button[type=submit]")
    assert page.url.endswith("/konto/idporten/ny-konto")
    assert page.locator("html").get_attribute("lang") == lang
    _audit(page, "new-account form")
    with page.expect_navigation():
        page.click("main form [type=submit]")
    assert page.locator(".ds-error-summary").count() == 1
    _audit(page, "new-account form with errors")
    page.fill("#display_name", "Nettleser")
    page.fill("#email", f"nettleser-{lang}@example.no")
    with page.expect_navigation():
        page.click("main form [type=submit]")
    _audit(page, "check your e-mail")
    assert db.session.scalar(select(User.idporten_sub)) == sub

    cancelled = _open(open_page)
    cancelled.goto(f"/konto/idporten/logg-inn?lang={lang}")
    with cancelled.expect_navigation():
        cancelled.click("button[value=deny]")
    assert "/konto/idporten/retur" in cancelled.url
    assert cancelled.locator("h1").count() == 1
    _audit(cancelled, "refused log-in")
