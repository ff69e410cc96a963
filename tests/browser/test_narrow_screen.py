"""At 320 CSS pixels (WCAG 1.4.10 Reflow) the pages scroll only vertically."""
from __future__ import annotations

import pytest

from app.accounts.models import Role
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

WIDTH = 320
#: the elements that stick out to the right, to name in a failure
WIDE_ELEMENTS = """(width) => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 0.5)
    .slice(0, 6)
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
              + [...e.classList].map(c => '.' + c).join(''))"""


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_no_horizontal_scroll_at_320_px(open_page, make_municipality, make_user, lang):
    municipality = make_municipality(
        "Kautokeino", official_name="Guovdageaidnu - Kautokeino", sami_name="Guovdageaidnu",
        enabled_locales="nb,nn,en,se", website="https://www.kautokeino.kommune.no")
    admin = make_user(role=Role.admin, municipality=municipality)
    viewport = {"viewport": {"width": WIDTH, "height": 640}}
    anonymous, logged_in = open_page(**viewport), open_page(**viewport)
    log_in(logged_in, admin.email)
    home = f"/{municipality.slug}/"
    visits = [(anonymous, "/"), (anonymous, home), (anonymous, "/konto/registrer"),
              (logged_in, home)]  # the longest menu: an administrator's
    too_wide = []
    for page, path in visits:
        url = f"{path}?lang={lang}"
        response = page.goto(url)
        assert response.status == 200, url
        assert page.evaluate("window.innerWidth") == WIDTH
        scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
        if scroll_width > WIDTH:
            culprits = page.evaluate(WIDE_ELEMENTS, WIDTH)
            who = "admin" if page is logged_in else "anonymous"
            too_wide.append(f"{url} ({who}): {scroll_width} px wide; sticking out: {culprits}")
    assert not too_wide, f"Horizontal scroll at {WIDTH} px:\n  " + "\n  ".join(too_wide)
