"""axe-core (WCAG 2.1 A and AA) on every page, in bokmål and nynorsk, at 1280 and 375 px, for
anonymous readers, residents, moderators and admins, with zero violations; and no page scrolls
sideways at 375 or 320 px.

"Every page" is every GET route in `app.url_map`, found anew on each run, plus the states a
GET cannot reach: forms with errors, pages after a successful POST, error pages.

Each page is audited as the role its visit names, then as each other role that may see it: a
role that is refused (403, sent to the log-in page), told the object is not there (404, 410) or
sent elsewhere is not audited there; any other answer fails. A role refused by a route (403 or
log-in) is not tried again on that route, nor a lower role after it. Each page is loaded once per
role at 1280 px, audited, resized to 375 px and audited again (the same results as loading it at
375 px: `test_a_resized_page_is_audited_as_if_loaded_narrow`).

CI runs the suite twice, on SQLite and on PostgreSQL, and the database changes nothing in the
markup or the layout, so the whole matrix (every role, both widths) runs once per language across
the two runs: bokmål in the SQLite run, nynorsk in the PostgreSQL run (FULL_LANGUAGE). The other
language is audited in the same run as each visit's own role at 1280 px. TINGET_AXE_FULL=1 runs
the whole matrix for both languages in one run.

A new GET route is visited without help when it takes no arguments (besides `municipality`):
anonymously, or as an administrator of the municipality when it sends visitors to the log-in
page. A tenant route with an object id is visited through its factory in
`tests/<area>/tenant_objects.py`. Any other route must be named in VISITS (how to visit it) or
NOT_PAGES (why it is no page), here or from `tests/<area>/axe_visits.py`; until then these tests
fail and name it.
"""
from __future__ import annotations

import importlib
import os
import pathlib
from collections import Counter
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

import pytest
from flask import url_for

from app.accounts.models import Role
from app.municipalities.models import Malform
from tests.browser.conftest import log_in
from tests.browser.test_narrow_screen import WIDE_ELEMENTS
from tests.conftest import link_in, on_postgresql
from tests.tenant_objects import load_all

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
LANGUAGES = ("nb", "nn")
ANONYMOUS, RESIDENT, MODERATOR, ADMIN = "anonymous", "resident", "moderator", "admin"
#: from the fewest rights to the most: a route that refuses a role refuses the ones before it
ROLES = (ANONYMOUS, RESIDENT, MODERATOR, ADMIN)
WIDE = {"width": 1280, "height": 800}
NARROW = {"width": 375, "height": 800}
#: the narrowest phone checked: no sideways scroll (WCAG 1.4.10 Reflow asks for 320 CSS px)
NARROWEST = {"width": 320, "height": 800}
#: The language whose whole matrix (every role, 1280 and 375 px) a run audits, by database
#: (on_postgresql()): CI's two runs together cover both languages (see the module's text).
FULL_LANGUAGE = {False: "nb", True: "nn"}
#: routes whose visit changes something, audited only as the role their visit names
ONE_ROLE_ONLY = {"accounts.logout"}
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
        self.moderator = make_user("moderator@example.no", role=Role.moderator,
                                   municipality=self.municipality)
        self.unverified = make_user("ubekreftet@example.no", verified=False)  # for verify_path
        make_user("venter@example.no", verified=False)  # never confirms
        self._open_page, self._outbox = open_page, outbox
        self._pages = {}
        self._links = {}

    def page_as(self, who: str):
        if who not in self._pages:
            page = self._open_page(viewport=WIDE)
            if who != ANONYMOUS:
                people = {RESIDENT: self.resident, MODERATOR: self.moderator, ADMIN: self.admin}
                log_in(page, people[who].email)
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
    expect: str = ".ds-error-summary"


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
    """axe-core's violations on the document shown now (axe is put in once per document)."""
    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    found = []
    for violation in result["violations"]:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} [{targets}]")
    return found


def sideways_scroll(page, width: int) -> list[str]:
    """The page is wider than the window (WCAG 1.4.10 Reflow), with what sticks out."""
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    if scroll_width <= width:
        return []
    return [f"scrolls sideways: {scroll_width} px wide; sticking out: "
            f"{page.evaluate(WIDE_ELEMENTS, width)}"]


def audit_both_widths(page, narrow: bool = True) -> list[str]:
    """axe at 1280 px; then the same document at 375 px: axe (what 1280 px did not show already)
    and no sideways scroll; then at 320 px: no sideways scroll. The window is wide again afterwards."""
    wide = axe_violations(page)
    if not narrow:
        return wide
    page.set_viewport_size(NARROW)
    try:
        narrow = [v for v in axe_violations(page) if v not in wide]
        narrow += sideways_scroll(page, NARROW["width"])
        page.set_viewport_size(NARROWEST)
        narrowest = sideways_scroll(page, NARROWEST["width"])
    finally:
        page.set_viewport_size(WIDE)
    return wide + [f"at {NARROW['width']} px: {v}" for v in narrow] \
        + [f"at {NARROWEST['width']} px: {v}" for v in narrowest]


def check_page(page, response, lang: str, expected_status: int, expected_path: str,
               narrow: bool = True) -> list[str]:
    """What is wrong with the page the browser shows now: wrong page, wrong language, axe at
    both widths, sideways scroll."""
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
    return problems + audit_both_widths(page, narrow)


def goto(page, url: str):
    """(response, problem): a route that starts a download is reported, not fatal to the audit."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        return page.goto(url), None
    except PlaywrightError as error:
        if "Download is starting" not in str(error):
            raise
        return None, "starts a download, not a page; add it to NOT_PAGES"


class Audit:
    """One language's audit: each page as the role its visit names, then as the other roles."""

    def __init__(self, world: World, lang: str, narrow: bool = True, other_roles: bool = True):
        self.world, self.lang, self.narrow, self.other_roles = world, lang, narrow, other_roles
        self.report: list[str] = []
        self.endpoints: set[str] = set()
        #: (path, role) audited, so that no page is audited twice as the same role
        self.done: set[tuple[str, str]] = set()
        #: (endpoint, role): the route refused the role (403 or the log-in page)
        self.refused: set[tuple[str, str]] = set()
        #: pages audited, by role
        self.audited: Counter = Counter()

    def problems(self, method: str, path: str, who: str, what: str, problems: list[str]) -> None:
        self.audited[who] += 1
        self.report += [f"{method} {with_lang(path, self.lang)} as {who} ({what}): {p}"
                        for p in problems]

    def visit(self, endpoint: str, item: Visit) -> None:
        self.endpoints.add(endpoint)
        who = ANONYMOUS if item.who == AUTO else item.who
        if (item.path, who) in self.done:
            return
        page = self.world.page_as(who)
        response, problem = goto(page, with_lang(item.path, self.lang))
        expected_path = item.lands_on or urlsplit(item.path).path
        sent_to_log_in = urlsplit(page.url).path == LOGIN_PATH != expected_path
        if not problem and item.who == AUTO and sent_to_log_in:
            self.refused.add((endpoint, ANONYMOUS))
            who, page = ADMIN, self.world.page_as(ADMIN)  # a page behind the log-in
            response, problem = goto(page, with_lang(item.path, self.lang))
        self.done.add((item.path, who))
        problems = [problem] if problem else check_page(page, response, self.lang, item.status,
                                                         expected_path, self.narrow)
        self.problems("GET", item.path, who, endpoint, problems)
        if self.other_roles and not problem and item.status == 200 and not item.lands_on \
                and endpoint not in ONE_ROLE_ONLY and who in ROLES:
            self.as_other_roles(endpoint, item, who)

    def as_other_roles(self, endpoint: str, item: Visit, who: str) -> None:
        """The page as the roles with more rights, then as those with fewer until one is refused."""
        rank = ROLES.index(who)
        for role in ROLES[rank + 1:]:
            self.try_as(endpoint, item, role)
        for role in reversed(ROLES[:rank]):
            if not self.try_as(endpoint, item, role):
                break

    def try_as(self, endpoint: str, item: Visit, role: str) -> bool:
        """Audit the page as `role` if it may see it; False when the route refuses the role."""
        if (endpoint, role) in self.refused:
            return False
        if (item.path, role) in self.done:
            return True
        self.done.add((item.path, role))
        page = self.world.page_as(role)
        response, problem = goto(page, with_lang(item.path, self.lang))
        if problem:
            self.report.append(f"GET {with_lang(item.path, self.lang)} as {role}: {problem}")
            return True
        path = urlsplit(page.url).path
        if response.status == 403 or path == LOGIN_PATH:
            self.refused.add((endpoint, role))
            return False
        if response.status in (404, 410) or path != urlsplit(item.path).path:
            return True  # not there for this role (a pending idea), or sent on elsewhere
        self.problems("GET", item.path, role, endpoint,
                      check_page(page, response, self.lang, item.status, path, self.narrow))
        return True

    def submit_form(self, state: FormState) -> None:
        from playwright.sync_api import Error as PlaywrightError

        page = self.world.page_as(state.who)
        path = state.path(self.world)
        page.goto(with_lang(path, self.lang))
        try:
            for selector, value in state.fields.items():
                page.fill(selector, value, timeout=2_000)
        except PlaywrightError as error:
            self.report.append(f"POST {with_lang(path, self.lang)} as {state.who} ({state.name}): "
                               f"cannot fill in the form: {str(error).splitlines()[0]}")
            return
        with page.expect_navigation() as navigation:
            page.locator("main form [type=submit]").last.click()
        problems = check_page(page, navigation.value, self.lang, 200, urlsplit(path).path,
                              self.narrow)
        if page.locator(state.expect).count() == 0:
            problems.insert(0, f"did not reach the state ({state.expect} not on the page)")
        self.problems("POST", path, state.who, state.name, problems)


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_passes_axe(app, db, lang, make_municipality, make_user, open_page, outbox):
    world = World(make_municipality, make_user, open_page, outbox)
    full = os.environ.get("TINGET_AXE_FULL") == "1" or FULL_LANGUAGE[on_postgresql()] == lang
    audit = Audit(world, lang, narrow=full, other_roles=full)
    for endpoint, item in plan(app, world):
        audit.visit(endpoint, item)
    for state in FORM_STATES:
        audit.submit_form(state)
    assert {"network.index", "accounts.register", "tenant.municipalities.admin",
            "accounts.verify_email", "tenant.moderation.queue"} <= audit.endpoints
    if full:
        assert set(audit.audited) >= set(ROLES), audit.audited
    if stats := os.environ.get("TINGET_AXE_STATS"):  # where to write what was audited
        pathlib.Path(f"{stats}.{lang}").write_text(
            f"{sum(audit.audited.values())} pages audited (375 px too: {audit.narrow}): "
            f"{dict(audit.audited)}; "
            f"{len(audit.done)} visits\n")
    if audit.report:
        pytest.fail(f"{len(audit.report)} accessibility problems in {lang}:\n  "
                    + "\n  ".join(audit.report), pytrace=False)


def axe_outcome(page) -> set[tuple[str, str, str]]:
    """Each rule's result on each node it looked at: (passes|violations|incomplete, rule, node)."""
    from axe_playwright_python.base import AXE_SCRIPT

    page.evaluate(AXE_SCRIPT)
    result = page.evaluate("options => axe.run(document, options)",
                           {"runOnly": AXE_OPTIONS["runOnly"]})
    return {(kind, rule["id"], " ".join(node["target"]))
            for kind in ("passes", "violations", "incomplete") for rule in result[kind]
            for node in rule["nodes"]}


@pytest.mark.browser
def test_a_resized_page_is_audited_as_if_loaded_narrow(open_page, make_municipality, make_user):
    """Why the audit resizes a loaded page instead of loading it again at 375 px: axe finds the
    same on both, on pages whose layout changes (the header folds into a menu)."""
    from tests.work.factories import fill

    municipality = make_municipality("Kautokeino", official_name="Guovdageaidnu - Kautokeino")
    admin = make_user(role=Role.admin, municipality=municipality)
    fill(municipality, admin)
    resized, loaded = open_page(viewport=WIDE), open_page(viewport=NARROW)
    for page in (resized, loaded):
        log_in(page, admin.email)
    menu = ".site-menu > summary"
    for path in (f"/{municipality.slug}/", f"/{municipality.slug}/ideer/"):
        resized.goto(path)
        loaded.goto(path)
        assert not resized.locator(menu).is_visible()
        resized.set_viewport_size(NARROW)
        assert resized.locator(menu).is_visible()
        assert axe_outcome(resized) == axe_outcome(loaded), path
        resized.set_viewport_size(WIDE)
