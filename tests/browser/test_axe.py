"""axe-core (WCAG 2.1 A and AA) on every page, in bokmål and nynorsk, with zero violations.

"Every page" is every GET route in `app.url_map`, found anew on each run, plus the states a
GET cannot reach: forms with errors, pages after a successful POST, error pages.

A new GET route is visited without help when it takes no arguments (besides `municipality`):
anonymously, or as an administrator of the municipality when it sends visitors to the log-in
page. A tenant route with an object id is visited through its factory in
`tests/<area>/tenant_objects.py`. Any other route must be named in VISITS (how to visit it) or
NOT_PAGES (why it is no page), here or from `tests/<area>/axe_visits.py`; until then these tests
fail and name it.
"""
from __future__ import annotations

import importlib
import pathlib
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

import pytest
from flask import url_for

from app.accounts.models import Role
from app.municipalities.models import Malform
from tests.browser.conftest import log_in
from tests.conftest import link_in
from tests.tenant_objects import load_all

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
LANGUAGES = ("nb", "nn")
ANONYMOUS, RESIDENT, ADMIN = "anonymous", "resident", "admin"
#: anonymously, or as the municipality's administrator when the route asks for a log-in
AUTO = "auto"
LOGIN_PATH = "/konto/logg-inn"


@dataclass(frozen=True)
class Visit:
    path: str
    who: str = AUTO
    status: int = 200
    #: where a redirect is expected to end; None: the page must not redirect
    lands_on: str | None = None


class World:
    """What the pages show: a municipality with a Sami name, an admin, a resident, mail links."""

    def __init__(self, make_municipality, make_user, open_page, outbox):
        self.municipality = make_municipality(
            "Kautokeino", official_name="Guovdageaidnu - Kautokeino", sami_name="Guovdageaidnu",
            malform=Malform.noytral, county="Finnmark", enabled_locales="nb,nn,en,se",
            website="https://www.kautokeino.kommune.no",
            accessibility_statement_url="https://uustatus.no/nb/erklaringer/publisert/kautokeino",
            privacy_contact="personvern@kautokeino.kommune.no")
        make_municipality("Voss", malform=Malform.nynorsk)
        self.slug = self.municipality.slug
        self.admin = make_user("admin@example.no", role=Role.admin, municipality=self.municipality)
        self.resident = make_user("innbygger@example.no", role=Role.resident,
                                  municipality=self.municipality)
        self.unverified = make_user("ubekreftet@example.no", verified=False)  # for verify_path
        make_user("venter@example.no", verified=False)  # never confirms
        self._open_page, self._outbox = open_page, outbox
        self._pages = {}
        self._links = {}

    def page_as(self, who: str):
        if who not in self._pages:
            page = self._open_page()
            if who != ANONYMOUS:
                log_in(page, {RESIDENT: self.resident, ADMIN: self.admin}[who].email)
            self._pages[who] = page
        return self._pages[who]

    def _mailed_path(self, key: str, to: str, act: Callable) -> str:
        """The path of the link in the mail `act` makes the site send to `to`."""
        if key not in self._links:
            before = len(self._outbox)
            act(self._open_page())
            mails = [m for m in self._outbox[before:] if m["To"] == to]
            assert mails, f"no mail to {to} for {key}"
            parts = urlsplit(link_in(mails[-1]))
            self._links[key] = parts.path
        return self._links[key]

    @property
    def verify_path(self) -> str:
        """A real verification link: logging in unconfirmed mails a new one."""
        def act(page):
            page.goto(LOGIN_PATH)
            page.fill("#email", self.unverified.email)
            page.fill("#password", "Korrekt-hest-batteri-9")
            with page.expect_navigation():
                page.press("#password", "Enter")

        return self._mailed_path("verify", self.unverified.email, act)

    @property
    def reset_path(self) -> str:
        """A real password-reset link, asked for through the form."""
        def act(page):
            page.goto("/konto/glemt-passord")
            page.fill("#email", self.resident.email)
            with page.expect_navigation():
                page.press("#email", "Enter")

        return self._mailed_path("reset", self.resident.email, act)


#: how to visit a GET route that takes arguments, or whose page differs by who looks
VISITS: dict[str, Callable[[World], list[Visit]]] = {
    "accounts.verify_email": lambda w: [
        Visit(w.verify_path, ANONYMOUS, lands_on=LOGIN_PATH),  # with "address confirmed"
        Visit("/konto/bekreft/ugyldig-lenke", ANONYMOUS, status=400),
    ],
    "accounts.reset_password": lambda w: [
        Visit(w.reset_path, ANONYMOUS),
        Visit("/konto/nytt-passord/ugyldig-lenke", ANONYMOUS, status=400),
    ],
    "accounts.logout": lambda w: [Visit("/konto/logg-ut", RESIDENT)],
    "accounts.overview": lambda w: [Visit("/konto/", RESIDENT), Visit("/konto/", ADMIN)],
}

#: GET routes that serve no HTML page, and why
NOT_PAGES = {
    "static": "the site's own CSS, images and scripts",
    "network.health": "JSON for monitoring",
    "network.by_number": "a redirect to the municipality's home page, which is audited",
    "tenant.files.download": "uploaded images and documents, not pages",
}
NOT_PAGE_PREFIXES: tuple[str, ...] = ()

#: pages no GET route reaches
EXTRA_VISITS: list[Callable[[World], Visit]] = [
    lambda w: Visit("/finnes-ikke/", ANONYMOUS, status=404),
    lambda w: Visit(f"/{w.slug}/admin/", RESIDENT, status=403),
]


@dataclass(frozen=True)
class FormState:
    """A form submitted in the browser; `expect` is a selector that proves the state was reached."""

    name: str
    path: Callable[[World], str]
    fields: dict[str, str]
    who: str = ANONYMOUS
    expect: str = ".error-summary"


DONE = "main:not(:has(form))"
FORM_STATES = [
    FormState("register, nothing filled in", lambda w: "/konto/registrer", {}),
    FormState("register, two different passwords", lambda w: "/konto/registrer", {
        "#email": "ikke-en-adresse", "#display_name": "N", "#password": "passord",
        "#confirm": "noe-annet"}),
    FormState("register, done", lambda w: "/konto/registrer", {
        "#email": "ny@example.no", "#display_name": "Ny Innbygger",
        "#password": "Lang-og-trygg-2026", "#confirm": "Lang-og-trygg-2026"}, expect=DONE),
    FormState("log in, wrong password", lambda w: LOGIN_PATH, {
        "#email": "innbygger@example.no", "#password": "feil-feil-feil"}),
    FormState("log in, address not confirmed", lambda w: LOGIN_PATH, {
        "#email": "venter@example.no", "#password": "Korrekt-hest-batteri-9"}),
    FormState("forgot password, nothing filled in", lambda w: "/konto/glemt-passord", {}),
    FormState("forgot password, done", lambda w: "/konto/glemt-passord", {
        "#email": "innbygger@example.no"}, expect=DONE),
    FormState("new password, two different", lambda w: w.reset_path, {
        "#password": "Nytt-passord-2027", "#confirm": "Annet-passord-2027"}),
    FormState("change password, nothing filled in", lambda w: "/konto/endre-passord", {},
              who=RESIDENT),
    FormState("municipality settings, bad address", lambda w: f"/{w.slug}/admin/", {
        "#accessibility_statement_url": "ikke en adresse", "#embed_origins": "ftp://x"},
              who=ADMIN),
]


def load_area_visits() -> None:
    """Let each area add its own visits, non-pages and form states.

    `tests/<area>/axe_visits.py` defines `register(VISITS, NOT_PAGES, FORM_STATES, FormState,
    Visit)` and adds to them; nothing in this file has to change for a new area.
    """
    root = pathlib.Path(__file__).resolve().parents[1]
    for path in sorted(root.glob("*/axe_visits.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.axe_visits")
        module.register(VISITS, NOT_PAGES, FORM_STATES, FormState, Visit)


load_area_visits()


def page_routes(app) -> tuple[list, list[str]]:
    """(rule, how) for each GET route to audit, one per endpoint; and the ones nobody told us
    how to visit."""
    factories = load_all()
    known, unknown, seen = [], [], set()
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        endpoint = rule.endpoint
        if "GET" not in rule.methods or endpoint in seen or endpoint in NOT_PAGES \
                or rule.rule.startswith(NOT_PAGE_PREFIXES):
            continue
        seen.add(endpoint)
        if endpoint in VISITS:
            known.append((rule, "visits"))
        elif not rule.arguments - {"municipality"}:
            known.append((rule, "plain"))
        elif endpoint.startswith("tenant.") and endpoint in factories:
            known.append((rule, "tenant_object"))
        else:
            unknown.append(f"{rule.rule}  ({endpoint})")
    return known, unknown


HOW_TO_ADD = """\
These GET routes cannot be audited for accessibility, because the axe test does not know how
to visit them:
  {routes}
Tell it how, in one of these ways:
  * a tenant route with an object id: register a factory in tests/<area>/tenant_objects.py,
        @tenant_object("tenant.ideas.detail")
        def idea(municipality, owner): ...create it, db.session.commit()...; return {{"idea_id": idea.id}}
    (the tenancy test uses the same registry);
  * any other route: add the endpoint to VISITS, a function
    World -> [Visit(path, who="anonymous"|"resident"|"admin", status=200)];
  * a route that serves no HTML page (JSON, files, a bare redirect): add it to NOT_PAGES, with
    the reason.
Do the last two in tests/<area>/axe_visits.py: `def register(VISITS, NOT_PAGES, FORM_STATES,
FormState, Visit)` adds to them (forms with errors go in FORM_STATES); see tests/embed/axe_visits.py."""


def test_every_get_route_can_be_audited(app):
    """Runs without a browser: a new route is named here even where Chromium is missing."""
    _, unknown = page_routes(app)
    assert not unknown, HOW_TO_ADD.format(routes="\n  ".join(unknown))
    stale = set(VISITS) - {rule.endpoint for rule in app.url_map.iter_rules()}
    assert not stale, f"VISITS in tests/browser/test_axe.py names endpoints that no longer exist: {stale}"


def plan(app, world: World) -> list[tuple[str, Visit]]:
    known, unknown = page_routes(app)
    if unknown:
        pytest.fail(HOW_TO_ADD.format(routes="\n  ".join(unknown)), pytrace=False)
    factories = load_all()
    visits = []
    with app.test_request_context():
        for rule, how in known:
            slug = {"municipality": world.slug} if "municipality" in rule.arguments else {}
            if how == "visits":
                visits += [(rule.endpoint, v) for v in VISITS[rule.endpoint](world)]
            elif how == "plain":
                visits.append((rule.endpoint, Visit(url_for(rule.endpoint, **slug))))
            else:
                values = factories[rule.endpoint](world.municipality, world.admin)
                visits.append((rule.endpoint, Visit(url_for(rule.endpoint, **slug, **values),
                                                    ADMIN)))
    visits += [("(error page)", make(world)) for make in EXTRA_VISITS]
    return visits


def with_lang(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options=AXE_OPTIONS)
    found = []
    for violation in result.response["violations"]:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} [{targets}]")
    return found


def check_page(page, response, lang: str, expected_status: int, expected_path: str) -> list[str]:
    """What is wrong with the page the browser shows now: wrong page, wrong language, axe."""
    if response is None:
        return ["no response"]
    content_type = response.headers.get("content-type", "")
    problems = []
    if response.status != expected_status:
        problems.append(f"status {response.status}, expected {expected_status}")
    if urlsplit(page.url).path != expected_path:
        problems.append(f"ended on {page.url}")
    if not content_type.startswith("text/html"):
        problems.append(f"not an HTML page ({content_type}); add it to NOT_PAGES")
    if problems:
        return problems
    html_lang = page.locator("html").get_attribute("lang")
    if html_lang != lang:
        problems.append(f'<html lang="{html_lang}">, expected "{lang}"')
    return problems + axe_violations(page)


def goto(page, url: str):
    """(response, problem): a route that starts a download is reported, not fatal to the audit."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        return page.goto(url), None
    except PlaywrightError as error:
        if "Download is starting" not in str(error):
            raise
        return None, "starts a download, not a page; add it to NOT_PAGES"


def visit(world: World, item: Visit, lang: str) -> tuple[str, list[str]]:
    who = ANONYMOUS if item.who == AUTO else item.who
    page = world.page_as(who)
    response, problem = goto(page, with_lang(item.path, lang))
    expected_path = item.lands_on or urlsplit(item.path).path
    if not problem and item.who == AUTO and urlsplit(page.url).path == LOGIN_PATH != expected_path:
        who, page = ADMIN, world.page_as(ADMIN)  # a page behind the log-in
        response, problem = goto(page, with_lang(item.path, lang))
    if problem:
        return who, [problem]
    return who, check_page(page, response, lang, item.status, expected_path)


def submit_form(world: World, state: FormState, lang: str) -> list[str]:
    page = world.page_as(state.who)
    path = state.path(world)
    page.goto(with_lang(path, lang))
    for selector, value in state.fields.items():
        page.fill(selector, value)
    with page.expect_navigation() as navigation:
        page.locator("main form [type=submit]").last.click()
    problems = check_page(page, navigation.value, lang, 200, urlsplit(path).path)
    if page.locator(state.expect).count() == 0:
        problems.insert(0, f"did not reach the state ({state.expect} not on the page)")
    return problems


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_passes_axe(app, db, lang, make_municipality, make_user, open_page, outbox):
    world = World(make_municipality, make_user, open_page, outbox)
    report, audited = [], set()
    for endpoint, item in plan(app, world):
        who, problems = visit(world, item, lang)
        audited.add(endpoint)
        report += [f"GET {with_lang(item.path, lang)} as {who} ({endpoint}): {p}" for p in problems]
    for state in FORM_STATES:
        problems = submit_form(world, state, lang)
        report += [f"POST {state.path(world)}?lang={lang} as {state.who} ({state.name}): {p}"
                   for p in problems]
    assert {"network.index", "accounts.register", "tenant.municipalities.admin",
            "accounts.verify_email"} <= audited
    if report:
        pytest.fail(f"{len(report)} accessibility problems in {lang}:\n  " + "\n  ".join(report),
                    pytrace=False)
