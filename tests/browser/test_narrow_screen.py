"""On a phone: at 320 and 375 CSS pixels (WCAG 1.4.10 Reflow) no page scrolls sideways, for
anonymous readers, residents, moderators and admins; the header is a compact menu that opens
without JavaScript."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.consultations.models import ConsultationAnswer
from app.core.extensions import db as _db
from app.moderation.models import ModerationState
from tests.browser.conftest import log_in
from tests.work.factories import fill

pytestmark = pytest.mark.browser

WIDTHS = (320, 375)
#: the elements that stick out to the right, to name in a failure
WIDE_ELEMENTS = """(width) => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 0.5)
    .slice(0, 6)
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
              + [...e.classList].map(c => '.' + c).join(''))"""
#: the phone header with its menu folded (it was about 190 px of 812 before the menu)
MAX_HEADER_PX = 80


@pytest.fixture
def kautokeino(make_municipality, make_user):
    """The longest names and the most languages, with work waiting for its staff."""
    municipality = make_municipality(
        "Kautokeino", official_name="Guovdageaidnu - Kautokeino", sami_name="Guovdageaidnu",
        enabled_locales="nb,nn,en,se", website="https://www.kautokeino.kommune.no")
    people = {"resident": make_user(role=Role.resident, municipality=municipality),
              "moderator": make_user(role=Role.moderator, municipality=municipality),
              "admin": make_user(role=Role.admin, municipality=municipality)}
    made = fill(municipality, people["resident"])
    answer = _db.session.scalar(select(ConsultationAnswer.id).where(
        ConsultationAnswer.moderation_state == ModerationState.pending))
    return municipality, people, made, answer


def pages_for(role: str, k: str, made: dict, answer: int) -> list[str]:
    idea, consultation = made["unanswered"][0].id, made["closing"][0].id
    vote, survey = made["votes"][0].id, made["surveys"][0].id
    public = [f"/{k}/", f"/{k}/ideer/{idea}", f"/{k}/horinger/{consultation}",
              f"/{k}/avstemninger/{vote}", f"/{k}/undersokelser/{survey}"]
    return {
        "anonymous": ["/", "/konto/registrer", f"/{k}/ideer/", f"/{k}/horinger/",
                      f"/{k}/avstemninger/", f"/{k}/undersokelser/", *public],
        "resident": [f"/{k}/", f"/{k}/ideer/ny", f"/{k}/horinger/{consultation}/svar", "/konto/"],
        "moderator": [f"/{k}/arbeid/", f"/{k}/moderering/",
                      f"/{k}/moderering/consultationanswer/{answer}",
                      f"/{k}/moderering/idea/{made['pending'][0].id}",
                      f"/{k}/moderering/blokkerte"],
        "admin": [f"/{k}/arbeid/", f"/{k}/admin/", f"/{k}/moderering/logg",
                  f"/{k}/admin/undersokelser/{survey}/", f"/{k}/admin/horinger/",
                  f"/{k}/admin/avstemninger/{vote}", f"/{k}/admin/deltakelse/",
                  f"/{k}/ideer/{idea}"],
    }[role]


@pytest.mark.parametrize("role", ["anonymous", "resident", "moderator", "admin"])
def test_no_page_scrolls_sideways_at_320_and_375_px(open_page, kautokeino, role):
    """One browser session per role walks its pages at both widths."""
    municipality, people, made, answer = kautokeino
    page = open_page(viewport={"width": WIDTHS[0], "height": 640})
    if role != "anonymous":
        log_in(page, people[role].email)
    too_wide = []
    for path in pages_for(role, municipality.slug, made, answer):
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 640})
            url = f"{path}{'&' if '?' in path else '?'}lang={'nn' if width == 375 else 'nb'}"
            response = page.goto(url)
            assert response.status == 200, url
            scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
            if scroll_width > width:
                culprits = page.evaluate(WIDE_ELEMENTS, width)
                too_wide.append(f"{url} at {width} ({role}): {scroll_width} px wide; "
                                f"sticking out: {culprits}")
    assert not too_wide, "Horizontal scroll:\n  " + "\n  ".join(too_wide)


def test_the_phone_menu_is_compact_and_opens_without_javascript(open_page, kautokeino):
    municipality, people, _, _ = kautokeino
    page = open_page(viewport={"width": 375, "height": 812}, java_script_enabled=False)
    log_in(page, people["admin"].email)
    page.goto(f"/{municipality.slug}/?lang=en")
    header = page.locator("header.site-header")
    assert header.bounding_box()["height"] <= MAX_HEADER_PX
    menu = page.get_by_role("navigation", name="Main menu")
    assert not menu.is_visible()
    summary = page.locator(".site-menu > summary")
    summary.focus()
    page.keyboard.press("Enter")  # the keyboard opens it, as a mouse or a screen reader does
    assert menu.is_visible()
    assert page.locator(".site-menu").get_attribute("open") is not None
    work = menu.get_by_role("link", name="My work")
    assert work.is_visible()
    with page.expect_navigation():
        work.click()
    assert page.url.endswith(f"/{municipality.slug}/arbeid/")
    # on a wide screen the menu is always shown, without its summary
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/{municipality.slug}/?lang=en")
    assert menu.is_visible() and not summary.is_visible()
