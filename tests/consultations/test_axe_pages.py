"""axe-core (WCAG 2.1 A and AA): every consultation page, in every phase, in bokmål and nynorsk.

The site-wide audit (tests/browser/test_axe.py) visits these pages too, through
`axe_visits.register`; this test runs the consultation pages alone so a failure elsewhere on
the site does not hide one here.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from flask import url_for

from app.accounts.models import Role
from app.municipalities.models import Malform
from tests.browser.conftest import browser, browser_log, live_server, log_in, open_page  # noqa: F401
from tests.consultations import axe_visits
from tests.tenant_objects import load_all

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


class Visit:
    def __init__(self, path, who="auto", status=200, lands_on=None):
        self.path, self.who, self.status = path, who, status


class FormState:
    def __init__(self, name, path, fields, who="anonymous", expect=".error-summary"):
        self.name, self.path, self.fields, self.who, self.expect = name, path, fields, who, expect


class World:
    def __init__(self, make_municipality, make_user, open_page):
        self.municipality = make_municipality("Kautokeino", sami_name="Guovdageaidnu",
                                              malform=Malform.noytral)
        self.slug = self.municipality.slug
        self.admin = make_user("admin@example.no", role=Role.admin, municipality=self.municipality)
        self.resident = make_user("innbygger@example.no", role=Role.resident,
                                  municipality=self.municipality)
        self._open_page, self._pages = open_page, {}

    def page_as(self, who):
        if who not in self._pages:
            page = self._open_page()
            if who != "anonymous":
                log_in(page, {"resident": self.resident, "admin": self.admin}[who].email)
            self._pages[who] = page
        return self._pages[who]


def _plan(app, world) -> list[tuple[str, Visit]]:
    visits, not_pages, states = {}, {}, []
    axe_visits.register(visits, not_pages, states, FormState, Visit)
    factories = load_all()
    plan = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            endpoint = rule.endpoint
            if not endpoint.startswith("tenant.consultations.") or "GET" not in rule.methods \
                    or endpoint in not_pages:
                continue
            if endpoint in visits:
                plan += [(endpoint, v) for v in visits[endpoint](world)]
            elif rule.arguments == {"municipality"}:
                plan.append((endpoint, Visit(url_for(endpoint, municipality=world.slug), "admin"
                                             if "admin" in endpoint else "anonymous")))
            else:
                values = factories[endpoint](world.municipality, world.admin)
                plan.append((endpoint, Visit(url_for(endpoint, municipality=world.slug, **values),
                                             "admin")))
    return plan, states


def _violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options=AXE_OPTIONS)
    return [f"{v['id']} ({v['impact']}): {v['help']} "
            f"[{', '.join(' '.join(n['target']) for n in v['nodes'][:3])}]"
            for v in result.response["violations"]]


def _check(page, response, lang, status, path) -> list[str]:
    problems = []
    if response is None or response.status != status:
        problems.append(f"status {getattr(response, 'status', None)}, expected {status}")
    if urlsplit(page.url).path != urlsplit(path).path:
        problems.append(f"ended on {page.url}")
    if page.locator("html").get_attribute("lang") != lang:
        problems.append("wrong <html lang>")
    return problems + _violations(page)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_consultation_pages_pass_axe(app, db, lang, make_municipality, make_user, open_page):
    world = World(make_municipality, make_user, open_page)
    plan, states = _plan(app, world)
    report, endpoints = [], set()
    for endpoint, item in plan:
        who = "anonymous" if item.who == "auto" else item.who
        page = world.page_as(who)
        response = page.goto(f"{item.path}?lang={lang}")
        endpoints.add(endpoint)
        report += [f"GET {item.path} as {who}: {p}"
                   for p in _check(page, response, lang, item.status, item.path)]
    for state in states:
        page = world.page_as(state.who)
        path = state.path(world)
        page.goto(f"{path}?lang={lang}")
        for selector, value in state.fields.items():
            page.fill(selector, value)
        with page.expect_navigation() as navigation:
            page.locator("main form [type=submit]").last.click()
        problems = _check(page, navigation.value, lang, 200, path)
        if page.locator(state.expect).count() == 0:
            problems.insert(0, f"did not reach the state ({state.expect})")
        report += [f"POST {path} ({state.name}): {p}" for p in problems]
    assert not report, f"{len(report)} problems in {lang}:\n  " + "\n  ".join(report)
    assert len(endpoints) == 12 and len(plan) >= 21 and len(states) == 6
