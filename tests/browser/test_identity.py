"""The municipality's identity through the browser: an admin is refused a colour that is too
light, sets a good one with a logo, a header image and a welcome text, and the pages show them
(issue 11). One journey; the cases are in tests/municipalities/test_identity.py."""
from __future__ import annotations

import pytest

from app.accounts.models import Role
from tests.browser.conftest import log_in
from tests.municipalities.factories import picture

pytestmark = pytest.mark.browser


def test_an_admin_sets_the_identity_and_the_pages_show_it(db, open_page, make_municipality,
                                                          make_user, tmp_path):
    asker = make_municipality("Asker")
    admin = make_user(role=Role.admin, municipality=asker)
    logo, header = tmp_path / "logo.png", tmp_path / "fjord.jpg"
    logo.write_bytes(picture(size=(120, 60)))
    header.write_bytes(picture("JPEG", (1200, 400), exif=True))

    page = open_page(viewport={"width": 375, "height": 812})
    log_in(page, admin.email, lang="en")
    page.goto("/asker/admin/utseende/?lang=en")
    page.fill("#accent_color", "#ffcc00")
    with page.expect_navigation():
        page.click("#submit")
    assert "contrast of 1.51:1 against white text" in page.inner_text("main")

    page.fill("#accent_color", "#00594f")
    page.set_input_files("#logo", str(logo))
    page.set_input_files("#header_image", str(header))
    page.fill("#header_alt", "Fjorden en sommerdag")
    page.fill("#welcome_nb", "Velkommen til Asker!")
    with page.expect_navigation():
        page.click("#submit")
    assert "The appearance is saved." in page.inner_text("main")

    page.goto("/asker/?lang=nb")
    accent = page.evaluate("getComputedStyle(document.documentElement)"
                           ".getPropertyValue('--ds-color-accent-base-default').trim()")
    assert accent == "#00594f"
    shown = page.locator("header img.municipality-logo")
    assert shown.get_attribute("alt") == "Asker kommune"
    assert shown.evaluate("img => img.complete && img.naturalWidth > 0")
    image = page.locator("img.home-header-image")
    assert image.get_attribute("alt") == "Fjorden en sommerdag"
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert "Velkommen til Asker!" in page.inner_text("main")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
