"""The fast path (app/core/cache/fast.py) answers a hit before Flask: the same bytes and headers
as a hit through Flask, no SQL, and every invalidation still shows through it. Each test runs on
memory and on Redis."""
from __future__ import annotations

import pytest
from flask import request_started

from app.accounts.models import Role
from app.core.extensions import db
from tests.conftest import dispose_apps, submit
from tests.queries import recorded_queries
from tests.scale.test_page_cache import anonymous, asker  # noqa: F401 (a fixture)

#: headers that belong to one response
OWN = {"Date", "X-Request-Id"}


def _headers(response) -> list[tuple[str, str]]:
    return sorted((name, value) for name, value in response.headers.items() if name not in OWN)


@pytest.fixture
def slow(app):
    """Turn the fast path off inside a `with`: hits are answered through Flask."""
    class Slow:
        def __enter__(self):
            app.config["PAGE_CACHE_FAST"] = "0"

        def __exit__(self, *exc):
            app.config.pop("PAGE_CACHE_FAST", None)

    yield Slow()
    app.config.pop("PAGE_CACHE_FAST", None)


def _queries(app, call):
    """(what `call` returns, the SQL it ran); asserts that Flask did not see the request when the
    fast path is on, and did when it is off."""
    with app.app_context():
        engine = db.engine
    seen = []

    def started(sender, **_):
        seen.append(sender)

    request_started.connect(started, app)
    try:
        with recorded_queries(engine) as statements:
            result = call()
    finally:
        request_started.disconnect(started, app)
    assert bool(seen) == (app.config.get("PAGE_CACHE_FAST") == "0")
    return result, statements


def test_a_hit_is_the_same_through_flask_and_through_the_fast_path_and_runs_no_sql(
        app, asker, make_idea, make_comment, page_cache, slow):  # noqa: F811
    municipality, _, author = asker
    idea = make_idea(municipality, author, title="Sykkelvei langs fjorden")
    make_comment(idea, author, "Godt forslag")
    for path in ("/", "/asker/", "/asker/ideer/?sorter=stotte", f"/asker/ideer/{idea.id}"):
        for headers in ({}, {"Accept-Language": "nn-NO,nn;q=0.9"}, {"Accept-Language": "en"}):
            missed = anonymous(app, path, "MISS", **headers)
            with slow:
                through_flask, statements = _queries(
                    app, lambda: anonymous(app, path, "HIT", **headers))
            assert statements == []  # the municipality is remembered (app/core/tenancy.py)
            fast, statements = _queries(app, lambda: anonymous(app, path, "HIT", **headers))
            assert statements == [], path
            assert fast.get_data() == through_flask.get_data() == missed.get_data()
            assert _headers(fast) == _headers(through_flask), path
            assert fast.headers["X-Request-Id"] and fast.headers["Date"]
            for method in ("head",):
                with slow:
                    flask_head = getattr(app.test_client(), method)(path, headers=headers)
                fast_head = getattr(app.test_client(), method)(path, headers=headers)
                assert fast_head.get_data() == b"" == flask_head.get_data()
                assert _headers(fast_head) == _headers(flask_head)
            etag = fast.headers["ETag"]
            for condition in ({"If-None-Match": etag}, {"If-Modified-Since": fast.headers["Last-Modified"]},
                              {"If-None-Match": '"other"'}):
                with slow:
                    flask_304 = anonymous(app, path, "HIT", **headers, **condition)
                fast_304 = anonymous(app, path, "HIT", **headers, **condition)
                assert fast_304.status_code == flask_304.status_code
                assert fast_304.get_data() == flask_304.get_data()
                assert _headers(fast_304) == _headers(flask_304)
    nynorsk = anonymous(app, "/asker/", "HIT", **{"Accept-Language": "nn"}).get_data(as_text=True)
    assert 'lang="nn"' in nynorsk


def test_readers_the_fast_path_does_not_answer(app, client, auth, asker, make_idea,  # noqa: F811
                                               make_user, page_cache):
    municipality, _, author = asker
    idea = make_idea(municipality, author)
    path = f"/asker/ideer/{idea.id}"
    anonymous(app, path, "MISS")
    # a session that remembers nynorsk: its own entry, never the bokmål page
    reader = app.test_client()
    reader.get("/asker/?lang=nn")
    chosen = reader.get(path)
    assert chosen.headers["X-Cache"] == "MISS" and 'lang="nn"' in chosen.get_data(as_text=True)
    assert 'lang="nn"' not in anonymous(app, path, "HIT").get_data(as_text=True)[:400]
    # signed in: never from the cache, by either path
    auth.login(make_user(role=Role.resident, municipality=municipality))
    assert "X-Cache" not in client.get(path).headers
    # ?lang= sets a cookie: rendered by Flask
    assert "X-Cache" not in anonymous(app, f"{path}?lang=nb").headers
    # a POST is never a hit
    assert "X-Cache" not in app.test_client().post(path).headers


def test_every_invalidation_shows_through_the_fast_path(app, client, auth, asker, make_idea,  # noqa: F811
                                                        make_user, page_cache):
    municipality, moderator, author = asker
    idea = make_idea(municipality, author, title="Sykkelvei langs fjorden")
    paths = ("/", "/asker/", "/asker/ideer/", f"/asker/ideer/{idea.id}")

    def fast_hits():
        for path in paths:
            anonymous(app, path)
            response, statements = _queries(app, lambda: anonymous(app, path, "HIT"))
            assert statements == [], path

    fast_hits()
    auth.login(make_user(role=Role.resident, municipality=municipality))
    submit(client, f"/asker/ideer/{idea.id}/stott", {"want": "1"}, form_url=f"/asker/ideer/{idea.id}")
    for path in paths:
        anonymous(app, path, "MISS")
    fast_hits()
    auth.logout()
    auth.login(moderator)
    assert submit(client, f"/asker/moderering/idea/{idea.id}",
                  {"decision": "hide", "note": "Personangrep"}).status_code == 302
    assert "Sykkelvei langs fjorden" not in anonymous(app, "/asker/ideer/", "MISS").get_data(
        as_text=True)
    assert anonymous(app, f"/asker/ideer/{idea.id}").status_code == 410
    # the municipality's own settings (its default written form) move every page
    anonymous(app, "/asker/")
    assert 'lang="nn"' not in anonymous(app, "/asker/", "HIT").get_data(as_text=True)[:400]
    with app.app_context():
        from app.municipalities.models import Municipality

        db.session.get(Municipality, municipality.id).default_locale = "nn"
        db.session.commit()
    home = anonymous(app, "/asker/", "MISS").get_data(as_text=True)
    assert 'lang="nn"' in home[:400]
    assert 'lang="nn"' in anonymous(app, "/asker/", "HIT").get_data(as_text=True)[:400]


def test_the_remembered_municipality_follows_every_change(app, asker, make_idea,  # noqa: F811
                                                          page_cache, slow):
    """app/core/tenancy.py remembers a municipality's row while the `shared` generation stands:
    a rename, a deactivation and a return show at once, through Flask and the fast path."""
    from app.municipalities.models import Municipality

    municipality, _, author = asker
    make_idea(municipality, author)
    anonymous(app, "/asker/ideer/", "MISS")
    with slow:
        _, statements = _queries(app, lambda: anonymous(app, "/asker/ideer/", "HIT"))
    assert statements == []

    def change(**values):
        with app.app_context():
            row = db.session.get(Municipality, municipality.id)
            for name, value in values.items():
                setattr(row, name, value)
            db.session.commit()

    change(name="Asker og omegn")
    assert "Asker og omegn" in anonymous(app, "/asker/ideer/", "MISS").get_data(as_text=True)
    with slow:
        assert "Asker og omegn" in anonymous(app, "/asker/", "MISS").get_data(as_text=True)
    change(is_active=False)
    assert anonymous(app, "/asker/ideer/").status_code == 404
    with slow:
        assert anonymous(app, "/asker/").status_code == 404
    change(is_active=True, slug="asker-ny")
    assert anonymous(app, "/asker/").status_code == 404
    assert anonymous(app, "/asker-ny/", "MISS").status_code == 200
    assert anonymous(app, "/asker-ny/", "HIT").status_code == 200


@pytest.fixture
def other_app(app, database_url, monkeypatch):
    """Another app on the test database with its own settings (the clock stands still)."""
    from app import create_app
    from app.core import clock

    monkeypatch.setattr(clock, "frozen_now", clock.utcnow())
    made = []

    def make(**overrides):
        made.append(create_app("testing", SERVER_NAME=None, SQLALCHEMY_DATABASE_URI=database_url,
                               **overrides))
        return made[-1]

    yield make
    dispose_apps(made)


def test_behind_a_proxy_the_fast_path_sees_the_host_and_scheme_flask_sees(other_app):
    from werkzeug.middleware.proxy_fix import ProxyFix

    proxied = other_app(TRUSTED_PROXIES=1, PAGE_CACHE="memory")
    assert isinstance(proxied.wsgi_app.wsgi_app, ProxyFix)  # request id > ProxyFix > fast path
    assert proxied.wsgi_app.wsgi_app.app is proxied.extensions["page_cache_fast"]
    forwarded = {"X-Forwarded-Host": "tinget.example.no", "X-Forwarded-Proto": "https"}
    first = proxied.test_client().get("/", headers=forwarded)
    assert first.headers["X-Cache"] == "MISS"
    seen = []
    request_started.connect(lambda sender, **_: seen.append(1), proxied, weak=False)
    again = proxied.test_client().get("/", headers=forwarded)
    assert again.headers["X-Cache"] == "HIT" and not seen
    assert again.headers["Strict-Transport-Security"] == first.headers["Strict-Transport-Security"]
    assert again.get_data() == first.get_data()
    # another host or scheme is another page
    plain = proxied.test_client().get("/", headers={"X-Forwarded-Host": "tinget.example.no"})
    assert plain.headers["X-Cache"] == "MISS" and "Strict-Transport-Security" not in plain.headers
    assert proxied.test_client().get("/", headers={**forwarded, "X-Forwarded-Host": "other.example"}
                                     ).headers["X-Cache"] == "MISS"


def test_a_redis_that_does_not_answer_is_a_miss_on_the_fast_path_too(other_app):
    from tests.conftest import free_port

    down = other_app(PAGE_CACHE="redis", REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    for _ in range(2):
        response = down.test_client().get("/")
        assert response.status_code == 200 and "X-Cache" not in response.headers


def test_a_slug_is_learned_from_a_hit_another_process_stored(app, asker, page_cache):  # noqa: F811
    anonymous(app, "/asker/", "MISS")
    app.extensions["page_cache_fast"].slugs.clear()  # as in a process that stored nothing
    seen = []

    def started(sender, **_):
        seen.append(1)

    request_started.connect(started, app)
    try:
        anonymous(app, "/asker/", "HIT")
        assert seen == [1]  # through Flask, which tells the fast path whose page it is
        anonymous(app, "/asker/", "HIT")
        assert seen == [1]
    finally:
        request_started.disconnect(started, app)
