"""Hostile input over the URL map: no 5xx, ever.

Every GET route is requested with each path parameter and each query parameter set to hostile
values (huge and negative integers, unicode, NUL, CR/LF, 10 kB, repeated parameters), and every
POST route is sent its form with one field at a time made hostile (with a valid CSRF token), as an
anonymous visitor, a resident, a moderator and an admin, against real objects made by the areas'
factories. 400/403/404/405/409/413/429 are all fine; a 5xx, or an exception that escapes the
app, is a failure. The query and form arguments a view reads are recorded from a first clean
request (`tests/hostile.py`), so a view that starts to read a new one is probed without a list to
keep up to date; values are sampled per parameter, not crossed.
"""
from __future__ import annotations

import traceback
from collections import Counter
from dataclasses import dataclass, field

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from werkzeug.routing import IntegerConverter

from app.accounts.models import Role
from app.core.extensions import db, limiter
from app.moderation.models import ModerationState
from app.surveys.models import Survey
from tests.conftest import PASSWORD, csrf_from
from tests.hostile import (
    COMMON_ARGS, HOSTILE, HOSTILE_FIELD, HOSTILE_INTS, RecordingRequest, fill, forms_on, reading,
    swollen, with_query,
)
from tests.ideas.factories import create_comment, create_idea
from tests.moderation.factories import create_report
from tests.surveys.factories import build_survey
from tests.tenant_objects import load_all
from tests.votes.factories import create_vote

FACTORIES = load_all()
ROLES = ("anonymous", "resident", "moderator", "admin")
#: POSTs that end the session or change the ground under the rest of the walk go last
LAST = ("tenant.municipalities.admin", "accounts.set_language", "accounts.logout")


def open_vote(municipality, owner):
    """An open vote, so a ballot and its withdrawal get past the phase check."""
    vote = create_vote(municipality)
    return {"vote_id": vote.id, "project_id": vote.projects[0].id}


#: objects in a livelier state than the tenancy walk's (which only needs them to exist)
OVERRIDES = {"tenant.votes.detail": open_vote, "tenant.votes.ballot": open_vote,
             "tenant.votes.withdraw": open_vote}


@dataclass
class World:
    app: object
    client: object
    municipality: object
    owner: object
    #: where the rotation through the sampled values starts (differs per role)
    turn: int = 0
    failures: list[str] = field(default_factory=list)
    cache: dict = field(default_factory=dict)

    def pick(self, values):
        """The next of `values`, in turn: each request samples one value, not all of them."""
        self.turn += 1
        return values[self.turn % len(values)]

    def values(self, rule, fresh: bool = False) -> dict:
        """URL values for `rule` that name real objects of the municipality."""
        if rule.endpoint.startswith("tenant."):
            if not set(rule.arguments) - {"municipality"}:
                return {}
            factory = OVERRIDES.get(rule.endpoint) or FACTORIES[rule.endpoint]
            if fresh or factory not in self.cache:
                self.cache[factory] = factory(self.municipality, self.owner)
            return self.cache[factory]
        named = {"token": self.embed_token(), "number": self.municipality.number,
                 "filename": "css/main.css", "slug": self.municipality.slug,
                 "key": "mobilitet", **(rule.defaults or {})}
        # object ids outside a municipality (the API, the secretariat's cases): id 1, or the
        # municipality's own id; a missing object is a 404, which the walk accepts
        numbers = {name: self.municipality.id if name == "municipality_id" else 1
                   for name, converter in rule._converters.items()
                   if isinstance(converter, IntegerConverter) and name not in named}
        return {**named, **numbers}

    def embed_token(self) -> str:
        if "embed" not in self.cache:
            self.cache["embed"] = build_survey(self.municipality).embed_token
        return self.cache["embed"]

    def url(self, rule, values: dict, slug: str | None = None) -> str:
        return fill(rule, values, slug or self.municipality.slug)

    def open(self, method: str, url: str, data=None):
        """Request `url`; note a 5xx or an escaped exception. Returns (response, names read)."""
        try:
            response, read = reading(lambda: self.client.open(
                url, method=method, data=MultiDict(data) if data else None))
        except Exception as error:  # noqa: BLE001 - any escape is the finding
            frames = traceback.extract_tb(error.__traceback__)
            ours = [f for f in frames if "/app/" in f.filename and "/site-packages/" not in f.filename]
            where = " <- ".join(f"{f.filename.rsplit('/app/', 1)[-1]}:{f.lineno}" for f in ours[-2:])
            self.failures.append(f"{method} {url[:160]!r} data={_short(data)}: "
                                 f"{type(error).__name__}: {str(error)[:160]} at app/{where}")
            db.session.rollback()
            return None, set()
        if response.status_code >= 500:
            self.failures.append(f"{method} {url[:160]!r} data={_short(data)}: {response.status_code}")
        return response, read


def _short(data) -> str:
    if not data:
        return "-"
    return repr([(k, v[:40] + "…" if len(v) > 40 else v) for k, v in data if k != "csrf_token"])


def seed(municipality, make_user):
    """A moderation queue with something in it: a pending idea and a reported comment."""
    author = make_user(role=Role.resident, municipality=municipality)
    reporter = make_user(role=Role.resident, municipality=municipality)
    create_idea(municipality, author, state=ModerationState.pending)
    idea = create_idea(municipality, author, state=ModerationState.published)
    create_report(create_comment(idea, author), reporter, municipality)


@pytest.fixture
def world(app, client, auth, monkeypatch, make_municipality, make_user, request):
    monkeypatch.setattr(app, "request_class", RecordingRequest)
    monkeypatch.setattr(limiter, "enabled", False)
    municipality = make_municipality("Hjemby")
    admin = make_user(role=Role.admin, municipality=municipality)
    seed(municipality, make_user)
    role = request.node.callspec.params["role"]
    owner = admin
    if role != "anonymous":
        owner = admin if role == "admin" else make_user(role=Role(role), municipality=municipality)
        auth.login(owner)
    return World(app, client, municipality, owner, turn=ROLES.index(role))


def _rules(app, method: str):
    rules = [rule for rule in app.url_map.iter_rules() if method in rule.methods]
    return sorted(rules, key=lambda rule: (rule.endpoint in LAST, LAST.index(rule.endpoint)
                                           if rule.endpoint in LAST else 0, rule.rule))


def _report(world: World) -> str:
    return f"{len(world.failures)} server error(s):\n" + "\n".join(world.failures[:60])


@pytest.mark.parametrize("role", ROLES)
def test_no_get_route_answers_hostile_input_with_a_server_error(role, app, world):
    pages = [(rule, world.values(rule)) for rule in _rules(app, "GET")]
    reads = [world.open("GET", world.url(rule, values))[1] for rule, values in pages]
    # an argument nearly every page reads (the language) is read by one piece of code: it gets
    # one hostile value per page, in turn; an argument of a view's own gets every hostile value
    counts = Counter(name for read in reads for name in read)
    shared = {name for name, count in counts.items() if count > len(pages) // 2}
    for (rule, values), read in zip(pages, reads):
        url = world.url(rule, values)
        for name in sorted(read):
            for value in [world.pick(HOSTILE)] if name in shared else HOSTILE:
                world.open("GET", with_query(url, [(name, value)]))
        # the common arguments, all at once; then everything repeated
        others = [name for name in COMMON_ARGS if name not in read]
        world.open("GET", with_query(url, [(name, world.pick(HOSTILE)) for name in others]))
        world.open("GET", with_query(url, [(name, value) for name in sorted(read) + others
                                           for value in ("1", "9" * 40, "\x00")]))
        # each path parameter, and the municipality's slug
        for name in set(rule.arguments) - {"municipality"} - set(rule.defaults or {}):
            numeric = rule._converters[name].__class__.__name__ == "IntegerConverter"
            value = world.pick(HOSTILE_INTS if numeric else HOSTILE)
            world.open("GET", world.url(rule, {**values, name: value}))
        if "municipality" in rule.arguments:
            world.open("GET", world.url(rule, values, slug=world.pick(HOSTILE)))
    assert not world.failures, _report(world)


def _form_for(world: World, rule, values: dict, sources: dict):
    """(the form's values, a CSRF token) from the page that carries the form posting to `rule`."""
    url = world.url(rule, values)
    page_rule = sources.get(rule.endpoint)
    if "GET" in rule.methods:
        page_url = url
    elif page_rule is not None and set(page_rule.arguments) <= set(values) | {"municipality"}:
        page_url = world.url(page_rule, values)
    else:
        page_url = "/konto/"
    response, _ = world.open("GET", page_url)
    if response is None or response.mimetype != "text/html":
        return [], [], None
    html = response.get_data(as_text=True)
    token = csrf_from(html) if 'name="csrf_token"' in html else None
    for form in forms_on(html, page_url):
        if form.method == "POST" and form.action == url:
            offered = [pair for pair in form.values() if pair[0] != "csrf_token"]
            offered += [(name, value) for name, value in form.candidates.items()]
            return [pair for pair in form.values() if pair[0] != "csrf_token"], offered, token
    return [], [], token


def _form_pages(app, world: World) -> dict:
    """For each POST endpoint, the GET rule of a page that carries its form (the first found)."""
    adapter = app.url_map.bind("localhost")
    sources = {}
    for rule in _rules(app, "GET"):
        if rule.endpoint == "static":
            continue
        values = world.values(rule)
        response, _ = world.open("GET", world.url(rule, values))
        if response is None or response.status_code != 200 or response.mimetype != "text/html":
            continue
        for form in forms_on(response.get_data(as_text=True), world.url(rule, values)):
            try:
                endpoint, _ = adapter.match(form.action, method="POST")
            except Exception:  # noqa: BLE001 - a form posting elsewhere (GET search forms)
                continue
            sources.setdefault(endpoint, rule)
    return sources


@pytest.mark.parametrize("role", ROLES)
def test_no_post_form_answers_malformed_values_with_a_server_error(role, app, world):
    sources = _form_pages(app, world)
    fallback = csrf_from(world.client.get("/konto/logg-inn" if role == "anonymous" else "/konto/")
                         .get_data(as_text=True))
    for rule in _rules(app, "POST"):
        values = world.values(rule, fresh=True)
        url = world.url(rule, values)
        defaults, offered, token = _form_for(world, rule, values, sources)
        csrf = [("csrf_token", token or fallback)]
        _, read = world.open("POST", url, csrf)  # missing fields; notes what the view reads
        names = sorted({name for name, _ in defaults} | read - {"csrf_token"})
        for name in names:  # one field at a time: missing, a bad number or a bad text (rotating)
            kept = [pair for pair in defaults if pair[0] != name]
            value = world.pick(HOSTILE_FIELD)
            world.open("POST", url, csrf + kept + ([] if value is None else [(name, value)]))
        # every number in a value the form offers made 40 digits long: `items=idea:999…`
        for name, value in offered:
            if swollen(value):
                kept = [pair for pair in defaults if pair[0] != name]
                world.open("POST", url, csrf + kept + [(name, swollen(value))])
        if names:  # all at once, then every field repeated
            for value in ("9" * 40, world.pick(HOSTILE_FIELD[1:])):
                world.open("POST", url, csrf + [(name, value) for name in names])
            world.open("POST", url, csrf + defaults + [(name, "9" * 40) for name in names])
        for name in set(rule.arguments) - {"municipality"} - set(rule.defaults or {}):
            world.open("POST", world.url(rule, {**values, name: "9" * 40}), csrf + defaults)
        world.open("POST", url, csrf + defaults)
    assert not world.failures, _report(world)


def test_the_walk_reaches_the_routes_and_their_forms(app, client, auth, make_municipality,
                                                      make_user, monkeypatch):
    """Guards the guard: as admin, objects exist, the forms are found and arguments recorded."""
    monkeypatch.setattr(app, "request_class", RecordingRequest)
    municipality = make_municipality("Hjemby")
    admin = make_user(role=Role.admin, municipality=municipality)
    seed(municipality, make_user)
    auth.login(admin)
    world = World(app, client, municipality, admin)
    sources = _form_pages(app, world)
    for endpoint in ("tenant.votes.ballot", "tenant.moderation.bulk", "tenant.ideas.comment",
                     "tenant.surveys.detail", "accounts.logout"):
        assert endpoint in sources, endpoint
    ideas = next(r for r in app.url_map.iter_rules() if r.endpoint == "tenant.ideas.index")
    _, read = world.open("GET", world.url(ideas, {}))
    assert {"side", "q"} <= read
    bulk = next(r for r in app.url_map.iter_rules() if r.endpoint == "tenant.moderation.bulk")
    defaults, offered, token = _form_for(world, bulk, {}, sources)
    assert token and defaults and any(name == "items" and swollen(value) for name, value in offered)
    assert db.session.scalar(select(func.count()).select_from(Survey)) >= 1
    assert not world.failures, _report(world)


#: the 500s the outside probe found (issue "Hardening", finding 5), requested as it did
PROBED = [
    ("GET", "/hjemby/avstemninger/?side=" + "9" * 40),
    ("GET", "/hjemby/admin/avstemninger/?side=" + "9" * 40),
    ("GET", "/hjemby/moderering/?side=" + "9" * 40),
    ("GET", "/hjemby/moderering/logg?side=" + "9" * 40),
    ("POST", "/hjemby/moderering/handling"),
    ("GET", "/konto/logg-inn?next=/asker/%0D%0ASet-Cookie:x%3D1"),
]


@pytest.mark.parametrize("method, url", PROBED)
def test_what_the_probe_found_is_not_a_server_error(method, url, app, client, auth,
                                                    make_municipality, make_user):
    municipality = make_municipality("Hjemby")
    auth.login(make_user(role=Role.admin, municipality=municipality))
    data = None
    if method == "POST":
        token = csrf_from(client.get("/konto/").get_data(as_text=True))
        data = {"csrf_token": token, "items": "idea:99999999999999999999999999",
                "decision": "approve"}
    response = client.open(url, method=method, data=data)
    assert response.status_code < 500
    assert "\n" not in response.headers.get("Location", "")


def test_log_in_with_a_next_that_injects_a_header_is_not_a_server_error(client, make_user):
    user = make_user()
    page = client.get("/konto/logg-inn?next=/asker/%0D%0ASet-Cookie:x%3D1")
    response = client.post("/konto/logg-inn?next=/asker/%0D%0ASet-Cookie:x%3D1",
                           data={"csrf_token": csrf_from(page.get_data(as_text=True)),
                                 "email": user.email, "password": PASSWORD,
                                 "next": "/asker/\r\nSet-Cookie:x=1"})
    assert response.status_code == 302
    assert "Set-Cookie:x" not in response.headers["Location"]
    assert "x=1" not in response.headers.getlist("Set-Cookie")


@pytest.mark.parametrize("url, status", [
    ("/hjemby/ideer/?q=a%00b", 400), ("/k/a%00b", 400), ("/hjemby/a%00b", 400),
    ("/a%00b/personvern", 404), ("/a%00b/finnes-ikke", 400), ("/Hjemby/", 404),
])
def test_a_nul_character_is_refused_before_it_reaches_the_database(url, status, client,
                                                                   make_municipality):
    """PostgreSQL refuses NUL in a text parameter: without the guard these were 500s there."""
    make_municipality("Hjemby")
    assert client.get(url).status_code == status


def test_a_nul_character_in_a_form_field_is_a_bad_request(client, auth, make_municipality,
                                                          make_user):
    municipality = make_municipality("Hjemby")
    auth.login(make_user(role=Role.admin, municipality=municipality))
    page = client.get("/hjemby/ideer/temaer")
    response = client.post("/hjemby/ideer/temaer", data={
        "csrf_token": csrf_from(page.get_data(as_text=True)), "name": "Vei\x00er"})
    assert response.status_code == 400
