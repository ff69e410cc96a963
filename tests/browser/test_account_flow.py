"""A new resident in Chromium: register, confirm by mail, log in, switch to nynorsk; by keyboard too."""
from __future__ import annotations

import pathlib
import re

import pytest
from babel.messages.mofile import read_mo

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, link_in

pytestmark = pytest.mark.browser

TRANSLATIONS = pathlib.Path(__file__).resolve().parents[2] / "translations"

#: strings on the front page of a logged-in visitor, as msgids
FRONT_PAGE_MSGIDS = (
    "Participation in the smart-city municipalities", "Open for input now", "Member municipalities",
    "Themes", "My account", "Log out", "The network", "Accessibility statement", "Privacy",
)


def compiled_catalog(locale: str) -> dict[str, str]:
    """msgid -> translation in the compiled catalog the app serves (empty when not compiled).

    The .mo file, not the .po: `make test` compiles it first, and it is what the page shows.
    """
    path = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo"
    if not path.exists():
        return {}
    with path.open("rb") as file:
        catalog = read_mo(file)
    return {m.id: m.string for m in catalog if isinstance(m.id, str) and m.id and m.string}


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def test_register_confirm_by_mail_log_in_and_switch_to_nynorsk(page, live_server, outbox):
    page.goto("/konto/registrer")  # the browser asks for nb-NO
    assert html_lang(page) == "nb"
    page.fill("#email", "kari@example.no")
    page.fill("#display_name", "Kari Nordmann")
    page.fill("#password", "Lang-og-trygg-2026")
    page.fill("#confirm", "Lang-og-trygg-2026")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    assert page.locator(".ds-error-summary").count() == 0, page.locator("main").inner_text()
    assert "kari@example.no" in page.locator("main").inner_text()

    assert [m["To"] for m in outbox] == ["kari@example.no"], "one verification mail over SMTP"
    link = link_in(outbox[0])
    assert link.startswith(f"{live_server}/konto/bekreft/"), link
    page.goto(link)
    assert page.url.startswith(f"{live_server}/konto/logg-inn"), "the link leads to the log-in page"
    assert page.locator(".flash-success").is_visible()

    page.fill("#email", "kari@example.no")
    page.fill("#password", "Lang-og-trygg-2026")
    with page.expect_navigation():
        page.press("#password", "Enter")
    assert page.url == f"{live_server}/", "logged in, on the front page"
    assert page.locator('header a[href="/konto/"]').is_visible()
    assert html_lang(page) == "nb"

    bokmal_text = page.locator("body").inner_text()
    nynorsk = page.locator("header").get_by_role("link", name="Nynorsk", exact=True)
    with page.expect_navigation():
        nynorsk.click()
    assert html_lang(page) == "nn"
    assert nynorsk.get_attribute("aria-current") == "true"
    assert_nynorsk_text(page, bokmal_text)

    with page.expect_navigation():
        page.locator('header a[href="/konto/"]').click()
    assert page.url == f"{live_server}/konto/"
    assert html_lang(page) == "nn", "the choice of nynorsk is remembered on the next page"
    assert "Kari Nordmann" in page.locator("main").inner_text()


def assert_nynorsk_text(page, bokmal_text: str) -> None:
    """Each front-page string the nn catalog translates (differently from nb) shows in nynorsk.

    Only strings the compiled nn catalog has are checked: the catalogs are translated apart.
    """
    nn, nb = compiled_catalog("nn"), compiled_catalog("nb")
    text = page.locator("body").inner_text()
    for msgid in FRONT_PAGE_MSGIDS:
        if msgid in nb:
            assert nb[msgid] in bokmal_text, f"{msgid!r} is not on the front page; update the list"
        translation = nn.get(msgid)
        if not translation or translation == nb.get(msgid):
            continue  # not translated yet, or spelled alike in both written forms
        assert translation in text, f"nynorsk {translation!r} for {msgid!r} is not on the page"
        bokmal = nb.get(msgid)
        if bokmal and bokmal not in translation:
            assert not re.search(rf"(?<!\w){re.escape(bokmal)}(?!\w)", text), \
                f"bokmål {bokmal!r} still on the page in nynorsk"


def test_log_in_with_the_keyboard_alone(page, live_server, make_user):
    make_user("tast@example.no")
    page.goto("/konto/logg-inn?lang=nb")
    order = []
    for _ in range(25):  # Tab through the header until the first field of the form
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id || document.activeElement.outerHTML")
        order.append(focused[:80])
        if focused == "email":
            break
    assert order[-1] == "email", f"Tab never reached the e-mail field; focus went: {order}"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", \
        "the focused field shows no focus outline"
    page.keyboard.type("tast@example.no")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server}/"
    assert page.locator('header a[href="/konto/"]').is_visible(), "logged in"


@pytest.mark.parametrize("path, first_in_main", [
    ("/konto/logg-inn?lang=nb", "email"),
    ("/{slug}/?lang=nn", None),
])
def test_skip_link_moves_focus_to_main(page, make_municipality, path, first_in_main):
    municipality = make_municipality("Hoppekommune")
    page.goto(path.format(slug=municipality.slug))
    page.keyboard.press("Tab")
    skip = page.locator(".ds-skip-link")
    assert page.evaluate("document.activeElement.className") == "ds-skip-link", \
        "the first Tab lands on the skip link"
    box = skip.bounding_box()
    viewport = page.viewport_size
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], \
        "the focused skip link is visible"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main", "focus moved to <main>"
    page.keyboard.press("Tab")
    after_main = page.evaluate("""() => {
        const main = document.getElementById('main'), active = document.activeElement;
        return main.contains(active) || !!(main.compareDocumentPosition(active) & 4);
    }""")
    assert after_main, "the next Tab goes on from the main content, not back to the header"
    if first_in_main:
        assert page.evaluate("document.activeElement.id") == first_in_main


def test_unverified_account_cannot_log_in_and_gets_a_new_link(page, make_user, outbox):
    make_user("ny@example.no", verified=False)
    page.goto("/konto/logg-inn?lang=nb")
    page.fill("#email", "ny@example.no")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.press("#password", "Enter")
    assert page.locator(".ds-error-summary").is_visible()
    assert [m["To"] for m in outbox] == ["ny@example.no"]
    page.goto(link_in(outbox[0]))
    log_in(page, "ny@example.no")
