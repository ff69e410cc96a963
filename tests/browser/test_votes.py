"""Votes (app/votes) in Chromium, in tests/browser's one Playwright session.

The ballot: a running total with JavaScript, the summary step without it, the keyboard, and axe
(WCAG 2.1 AA) on the ballot's states after a POST and on the results, in bokmål and nynorsk.
"""
from __future__ import annotations

import pytest

from tests.browser.conftest import log_in
from tests.browser.test_axe import axe_violations
from tests.votes.conftest import close, make_vote  # noqa: F401  (make_vote is a fixture)

pytestmark = pytest.mark.browser
NBSP = "\u00a0"


@pytest.fixture
def scene(make_municipality, make_user, make_vote):
    town = make_municipality("Nettby")
    voter = make_user("nettvelger@example.no")
    vote = make_vote(town, budget=1_000_000, min_budget_share=20)
    return town, voter, vote


def ballot_url(vote, lang="nb"):
    return f"/nettby/avstemninger/{vote.id}?lang={lang}"


def test_running_total_updates_as_you_choose(page, scene):
    _, voter, vote = scene
    log_in(page, voter.email)
    page.goto(ballot_url(vote))
    total = page.locator("#running-total")
    assert total.is_visible() and total.get_attribute("aria-live") == "polite"
    page.check(f"#project-{vote.projects[0].id}")  # 400 000
    assert f"400{NBSP}000{NBSP}kr" in total.inner_text() and f"600{NBSP}000{NBSP}kr" in total.inner_text()
    page.check(f"#project-{vote.projects[1].id}")  # + 900 000: over the budget
    assert f"1{NBSP}300{NBSP}000{NBSP}kr" in total.inner_text()
    assert "is-problem" in total.get_attribute("class")
    page.uncheck(f"#project-{vote.projects[1].id}")
    page.check(f"#project-{vote.projects[2].id}")
    assert f"700{NBSP}000{NBSP}kr" in total.inner_text()
    assert "is-problem" not in total.get_attribute("class")


def test_the_keyboard_alone_can_vote(page, scene):
    _, voter, vote = scene
    log_in(page, voter.email)
    page.goto(ballot_url(vote))
    first = f"#project-{vote.projects[0].id}"
    page.focus(first)
    page.keyboard.press("Space")
    assert page.is_checked(first)
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.focus("form.ballot button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    with page.expect_navigation():
        page.get_by_role("button", name=page.locator("form button").first.inner_text()).click()
    assert page.locator(".flash-success").is_visible()


def walk_the_ballot(page, vote, lang: str, audit) -> list[str]:
    """Over the budget, corrected, the summary step, confirmed; `audit(page)` on each state."""
    page.goto(ballot_url(vote, lang))
    problems = [f"ballot: {v}" for v in audit(page)]

    page.check(f"#project-{vote.projects[0].id}")
    page.check(f"#project-{vote.projects[1].id}")
    with page.expect_navigation():
        page.locator("form.ballot button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible(), "over the budget"
    assert page.is_checked(f"#project-{vote.projects[0].id}"), "the choices are kept"
    problems += [f"ballot with error: {v}" for v in audit(page)]

    page.uncheck(f"#project-{vote.projects[1].id}")
    page.check(f"#project-{vote.projects[2].id}")
    with page.expect_navigation():
        page.locator("form.ballot button[type=submit]").click()
    summary = page.locator("main").inner_text()
    assert f"700{NBSP}000{NBSP}kr" in summary and f"1{NBSP}000{NBSP}000{NBSP}kr" in summary
    assert page.locator("html").get_attribute("lang") == lang
    problems += [f"summary: {v}" for v in audit(page)]

    with page.expect_navigation():
        page.locator("main form").first.locator("button").click()
    assert page.locator(".flash-success").is_visible() and page.locator("#your-ballot").is_visible()
    problems += [f"after voting: {v}" for v in audit(page)]
    return problems


def test_ballot_works_without_javascript(open_page, scene):
    _, voter, vote = scene
    page = open_page(java_script_enabled=False)
    log_in(page, voter.email)
    page.goto(ballot_url(vote))
    assert not page.locator("#running-total").is_visible(), "no running total without JavaScript"
    assert walk_the_ballot(page, vote, "nb", audit=lambda _: []) == []


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_every_step_of_the_ballot_passes_axe(page, scene, lang):
    _, voter, vote = scene
    log_in(page, voter.email, lang=lang)
    problems = walk_the_ballot(page, vote, lang, audit=axe_violations)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_results_page_passes_axe(open_page, db, scene, make_user, lang):
    from app.votes.services import cast_ballot

    _, _, vote = scene
    for n in range(3):
        cast_ballot(vote, make_user(), [vote.projects[n % 3].id])
    db.session.commit()
    close(db, vote)
    page = open_page()
    page.goto(f"/nettby/avstemninger/{vote.id}/resultater?lang={lang}")
    assert page.locator("figure.chart svg[role=img]").is_visible()
    assert page.locator("table.results-table tbody tr").count() == 3
    assert axe_violations(page) == []
