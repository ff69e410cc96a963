"""Ideas and moderation in Chromium: the whole loop (submit -> queue -> approve -> public ->
report -> hidden) operated with the keyboard in the queue, and an XSS corpus through every text
field that must stay inert (any JavaScript dialog fails the test; so does any live markup).

It lives in tests/browser so that it shares that folder's one Playwright session."""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from sqlalchemy import select

from app.core.extensions import db as _db
from app.ideas import services
from app.ideas.models import Idea, IdeaStatus
from app.moderation import services as moderation
from app.moderation.models import Decision, ModerationState, ReportReason
from app.municipalities.models import ModerationMode
from tests.browser.conftest import log_in
from tests.moderation.factories import age_account

pytestmark = pytest.mark.browser


def test_the_whole_loop(db, open_page, make_municipality, make_user):
    voss = make_municipality("Voss", moderation_mode=ModerationMode.pre)
    moderator = make_user(role="moderator", municipality=voss, name="Mona Moderator")
    author = make_user(role="resident", municipality=voss, name="Sigrid Lid")
    reporter = age_account(make_user(role="resident", municipality=voss))  # new accounts' reports do not count
    moderation.settings_for(voss).report_threshold = 1
    db.session.commit()

    # 1. A resident submits an idea; it waits for a moderator.
    resident = open_page()
    log_in(resident, author.email, lang="en")
    resident.goto("/voss/ideer/ny")
    resident.fill("#title", "Ladestasjonar ved stasjonen")
    resident.fill("#body", "Fleire ladestasjonar for elbil ved Voss stasjon, takk.")
    resident.select_option("#theme", "mobilitet")
    resident.check("#sdgs-6")  # goal 7
    with resident.expect_navigation():
        resident.click("main form [type=submit]")
    assert "waits for a moderator" in resident.inner_text("main")
    idea = db.session.scalar(select(Idea))
    assert idea.moderation_state is ModerationState.pending

    # 2. The moderator sees the badge, opens the queue and approves, with the keyboard only.
    staff = open_page()
    log_in(staff, moderator.email, lang="en")
    staff.goto("/voss/")
    assert staff.inner_text(".count-badge").startswith("1")
    staff.goto("/voss/moderering/")
    link = staff.get_by_role("link", name=re.compile("Review and decide"))
    link.focus()
    with staff.expect_navigation():
        staff.keyboard.press("Enter")
    staff.focus("#decision-0")  # Approve and publish
    staff.keyboard.press("Space")
    staff.focus("#note")
    staff.keyboard.type("Godt forslag")
    staff.focus("main form [type=submit]")
    with staff.expect_navigation():
        staff.keyboard.press("Enter")
    assert "The decision is saved" in staff.inner_text("main")
    assert "The queue is empty" in staff.inner_text("main")

    # 3. Anyone can read it now.
    visitor = open_page()
    response = visitor.goto(f"/voss/ideer/{idea.id}?lang=en")
    assert response.status == 200 and "Ladestasjonar ved stasjonen" in visitor.inner_text("h1")

    # 4. Another resident reports it; at the threshold it is hidden pending review.
    other = open_page()
    log_in(other, reporter.email, lang="en")
    other.goto(f"/voss/ideer/{idea.id}")
    with other.expect_navigation():
        other.click("text=Report this idea")
    other.check("#reason-1")  # offensive
    other.fill("#text", "Stygt språk")
    with other.expect_navigation():
        other.click("main form [type=submit]")
    assert visitor.goto(f"/voss/ideer/{idea.id}?lang=en").status == 410  # taken down
    assert "Hidden after reports" in visitor.inner_text("main")
    staff.goto("/voss/moderering/")
    assert "Ladestasjonar ved stasjonen" in staff.inner_text("main")
    assert "1 open report" in staff.inner_text("main")


PAYLOADS = [
    "<script>alert('script')</script>",
    "\"><img src=x onerror=alert('img')>",
    "<svg onload=alert('svg')>",
    "[klikk](javascript:alert('md'))",
    "<a href=\"javascript:alert('a')\">lenke</a>",
    "<details open ontoggle=alert('details')>",
    "<iframe src=\"javascript:alert('iframe')\"></iframe>",
    "[data](data:text/html,<script>alert('data')</script>)",
    "'-alert('quote')-'",
    "{{ 7*7 }} {% raw %}",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')>",
]
CORPUS = " ".join(PAYLOADS)


def _png():
    out = io.BytesIO()
    Image.new("RGB", (30, 20), (0, 80, 120)).save(out, "PNG")
    return out.getvalue()


def _live_markup(page) -> list[str]:
    """Anything in <main> that could run: scripts, event handlers, javascript:/data: links."""
    return page.evaluate("""() => {
        const found = [];
        for (const el of document.querySelectorAll('main *')) {
            if (['SCRIPT', 'IFRAME', 'SVG', 'MATH', 'STYLE', 'OBJECT', 'EMBED'].includes(el.tagName.toUpperCase()))
                found.push(el.tagName);
            for (const attr of el.attributes) {
                if (attr.name.startsWith('on')) found.push(el.tagName + ' ' + attr.name);
                if (['href', 'src', 'action', 'formaction'].includes(attr.name) &&
                    /^\\s*(javascript|data|vbscript):/i.test(attr.value)) found.push(el.tagName + ' ' + attr.value);
            }
        }
        return found;
    }""")


def test_xss_corpus_through_every_text_field_is_inert(db, browser, open_page, make_municipality,
                                                     make_user):
    town = make_municipality("Asker")
    admin = make_user(role="admin", municipality=town, name="Anne Admin")
    author = make_user(role="resident", municipality=town, name="Ola Forfatter")
    reporter = make_user(role="resident", municipality=town)

    # Through the browser: the idea form (title, description, place, image alt text).
    page = open_page()
    log_in(page, author.email)
    page.goto("/asker/ideer/ny")
    page.fill("#title", "XSS <img src=x onerror=alert('title')>")
    page.fill("#body", CORPUS)
    page.select_option("#theme", "mobilitet")
    page.fill("#place_text", "<svg onload=alert('place')>")
    page.set_input_files("#image", {"name": "x.png", "mimeType": "image/png", "buffer": _png()})
    page.fill("#image_alt", "\" onerror=alert('alt') x=\"")
    with page.expect_navigation():
        page.click("main form [type=submit]")
    idea = db.session.scalar(select(Idea))
    assert idea is not None, page.inner_text("main")
    # and a comment through the browser
    page.fill("#body", CORPUS)
    with page.expect_navigation():
        page.click("form.comment-form [type=submit]")

    # Through the services: every other text that reaches a page.
    services.add_theme(town, admin, "Tema <script>alert('theme')</script>")
    services.answer_idea(idea, admin, town, IdeaStatus.under_consideration, CORPUS)
    second = services.submit_idea(town, author, {"title": "<b onmouseover=alert(1)>To</b>",
                                                 "body": CORPUS + " andre", "theme": "apne-data"})
    moderation.report_item(second, reporter, town, ReportReason.other, CORPUS)
    moderation.decide(second, admin, Decision.hide, CORPUS)
    moderation.update_settings(town, admin, report_threshold=3,
                               reasons=["<img src=x onerror=alert('reason')>", "Vanlig grunn"])
    moderation.block_user(author, admin, town, CORPUS)
    db.session.commit()

    staff = open_page()
    log_in(staff, admin.email)
    pages = [f"/asker/ideer/", f"/asker/ideer/{idea.id}", f"/asker/ideer/{second.id}",
             "/asker/ideer/ny", "/asker/ideer/temaer", "/asker/moderering/",
             f"/asker/moderering/idea/{second.id}", f"/asker/moderering/idea/{idea.id}",
             "/asker/moderering/blokkerte", "/asker/moderering/innstillinger",
             "/asker/moderering/logg", f"/asker/ideer/?q={CORPUS[:150]}"]
    problems = []
    for path in pages:
        response = staff.goto(path)
        assert response.status == 200, f"{path}: {response.status}"
        problems += [f"{path}: {p}" for p in _live_markup(staff)]
        assert "49" not in staff.inner_text("main").split("{{")[0][-5:]  # no template evaluation
    assert not problems, "\n".join(problems)
    # The text is shown, as text.
    staff.goto(f"/asker/ideer/{idea.id}")
    assert "XSS <img src=x onerror=alert('title')>" in staff.inner_text("h1")
    assert "{{ 7*7 }}" in staff.inner_text("main")
    assert staff.locator("main img").first.get_attribute("alt") == "\" onerror=alert('alt') x=\""
    # The check itself sees live markup (the test is not vacuous); on an unwatched page.
    probe = browser.new_page()
    probe.set_content("<main><b onclick=1>x</b><a href='javascript:1'>x</a><script></script></main>")
    assert len(_live_markup(probe)) == 3
    probe.close()
