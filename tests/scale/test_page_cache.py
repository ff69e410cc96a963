"""The page cache is always right: what a change touches, no cached page shows a moment later;
304 answers; signed-in readers never get or fill it. Each test runs on memory and on Redis."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.accounts.models import Role
from app.core.clock import utcnow
from tests.conftest import submit
from tests.municipalities.test_admin_settings import rendered_form


def anonymous(app, path: str, expect: str | None = None, **headers):
    """GET `path` as a new reader with no cookie; `expect`: the X-Cache answer ("HIT", "MISS")."""
    response = app.test_client().get(path, headers=headers)
    if expect is not None:
        assert response.headers.get("X-Cache") == expect, f"{path}: {response.headers.get('X-Cache')}"
    return response


def cached_twice(app, *paths: str) -> list[str]:
    """Each page read twice by anonymous readers: rendered, then from the cache."""
    pages = []
    for path in paths:
        first = anonymous(app, path, "MISS")
        assert first.status_code == 200
        assert anonymous(app, path, "HIT").get_data() == first.get_data()
        pages.append(first.get_data(as_text=True))
    return pages


@pytest.fixture
def asker(make_municipality, make_user):
    municipality = make_municipality("Asker")
    return (municipality, make_user(role=Role.moderator, municipality=municipality),
            make_user(role=Role.resident, municipality=municipality, name="Rita Resident"))


def test_a_moderator_hides_an_idea_and_a_comment_and_no_cached_page_shows_them(
        app, client, auth, asker, page_cache, make_idea, make_comment):
    municipality, moderator, author = asker
    idea = make_idea(municipality, author, title="Sykkelvei langs fjorden")
    shown = make_idea(municipality, author, title="Benker i parken")
    comment = make_comment(shown, author, "En kommentar som skal bort")
    listing, detail, other = cached_twice(
        app, "/asker/ideer/", f"/asker/ideer/{idea.id}", f"/asker/ideer/{shown.id}")
    assert "Sykkelvei langs fjorden" in listing and "Sykkelvei langs fjorden" in detail
    assert "En kommentar som skal bort" in other
    auth.login(moderator)
    for kind, item in (("idea", idea), ("ideacomment", comment)):
        response = submit(client, f"/asker/moderering/{kind}/{item.id}",
                          {"decision": "hide", "note": "Personangrep"})
        assert response.status_code == 302
    assert "Sykkelvei langs fjorden" not in anonymous(app, "/asker/ideer/", "MISS").get_data(
        as_text=True)
    assert anonymous(app, f"/asker/ideer/{idea.id}").status_code == 410
    assert "En kommentar som skal bort" not in anonymous(
        app, f"/asker/ideer/{shown.id}", "MISS").get_data(as_text=True)


def supporters(html: str) -> str:
    return re.search(r'class="support-count">([^<]*)<', html).group(1)


def test_a_support_shows_on_the_idea_page_and_in_the_list(app, client, auth, db, asker,
                                                         page_cache, make_idea, make_user):
    municipality, _, author = asker
    idea = make_idea(municipality, author, title="Sykkelvei langs fjorden")
    listing, detail = cached_twice(app, "/asker/ideer/", f"/asker/ideer/{idea.id}")
    assert supporters(detail).startswith("0")
    auth.login(make_user(role=Role.resident, municipality=municipality))
    submit(client, f"/asker/ideer/{idea.id}/stott", {"want": "1"},
           form_url=f"/asker/ideer/{idea.id}")
    assert supporters(anonymous(app, f"/asker/ideer/{idea.id}", "MISS").get_data(
        as_text=True)).startswith("1")
    after = anonymous(app, "/asker/ideer/", "MISS").get_data(as_text=True)
    assert after != listing and "1 " in after.split("Sykkelvei langs fjorden", 1)[1][:2000]


def test_a_settings_change_shows_on_the_home_page_and_the_network_page(
        app, client, auth, make_municipality, make_user, page_cache):
    voss = make_municipality("Voss", enabled_locales="nb,nn")
    home, front = cached_twice(app, "/voss/", "/")
    assert ">English<" not in home
    auth.login(make_user(role=Role.admin, municipality=voss))
    form = rendered_form(client, "/voss/admin/")
    form.setlist("enabled_locales", ["nb", "nn", "en"])
    assert client.post("/voss/admin/", data=form).status_code == 302
    assert ">English<" in anonymous(app, "/voss/", "MISS").get_data(as_text=True)
    assert anonymous(app, "/", "MISS").status_code == 200  # the network's page moved too


def test_a_change_in_one_municipality_leaves_the_others_cached(
        app, asker, make_municipality, make_user, make_idea, page_cache):
    municipality, _, author = asker
    bergen = make_municipality("Bergen")
    cached_twice(app, "/asker/ideer/", "/bergen/ideer/", "/")
    make_idea(municipality, author, title="Ny idé i Asker")
    assert "Ny idé i Asker" in anonymous(app, "/asker/ideer/", "MISS").get_data(as_text=True)
    anonymous(app, "/bergen/ideer/", "HIT")
    anonymous(app, "/", "MISS")  # the network's pages follow every member
    assert bergen.id != municipality.id


def test_304_with_etag_and_with_last_modified(app, asker, make_idea, page_cache):
    municipality, _, author = asker
    idea = make_idea(municipality, author)
    path = f"/asker/ideer/{idea.id}"
    first = anonymous(app, path, "MISS")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.headers["Cache-Control"] == "no-cache"
    assert {"Cookie", "Accept-Language"} <= set(first.vary)
    again = anonymous(app, path, "HIT", **{"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b"" and again.headers["ETag"] == etag
    since = anonymous(app, path, "HIT", **{"If-Modified-Since": modified})
    assert since.status_code == 304
    assert anonymous(app, path, "HIT", **{"If-None-Match": '"other"'}).status_code == 200
    earlier = (first.last_modified - timedelta(seconds=10)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert anonymous(app, path, "HIT", **{"If-Modified-Since": earlier}).status_code == 200


def test_signed_in_readers_never_get_a_cached_page_and_never_fill_the_cache(
        app, client, auth, asker, make_idea, make_user, page_cache):
    municipality, _, author = asker
    idea = make_idea(municipality, author, title="Sykkelvei langs fjorden")
    path = f"/asker/ideer/{idea.id}"
    reader = make_user(role=Role.resident, municipality=municipality)
    auth.login(reader)
    mine = client.get(path)
    assert "X-Cache" not in mine.headers and "ETag" not in mine.headers
    anonymous(app, path, "MISS")  # the signed-in reading stored nothing
    anonymous(app, path, "HIT")
    submit(client, f"/asker/ideer/{idea.id}/stott", {"want": "1"}, form_url=path)
    page = client.get(path)
    assert "X-Cache" not in page.headers and 'aria-pressed="true"' in page.get_data(as_text=True)
    assert "Log out" in page.get_data(as_text=True) or "Logg ut" in page.get_data(as_text=True)


def test_what_is_never_stored(app, asker, make_idea, page_cache):
    municipality, _, author = asker
    idea = make_idea(municipality, author)
    chosen = app.test_client().get(f"/asker/ideer/{idea.id}?lang=nn")
    assert "X-Cache" not in chosen.headers and chosen.headers.get("Set-Cookie")
    # that reader's session remembers only the language: served from the cache in nynorsk
    client = app.test_client()
    client.get("/asker/?lang=nn")
    assert client.get("/asker/").headers["X-Cache"] == "MISS"
    assert client.get("/asker/").headers["X-Cache"] == "HIT"
    assert anonymous(app, "/asker/ideer/999999").status_code == 404
    assert anonymous(app, "/asker/ideer/999999").headers.get("X-Cache") is None
    anonymous(app, "/asker/moderering/")  # a private page is never marked
    assert "X-Cache" not in anonymous(app, "/asker/moderering/").headers


def test_a_page_is_rendered_again_when_only_time_has_passed(app, asker, make_idea, page_cache,
                                                           monkeypatch):
    from app.core import clock

    municipality, _, author = asker
    make_idea(municipality, author)
    cached_twice(app, "/asker/")
    monkeypatch.setattr(clock, "frozen_now", utcnow() + timedelta(days=2))
    anonymous(app, "/asker/", "MISS")



def test_a_page_from_the_cache_costs_one_query_at_most(app, asker, make_idea, make_comment,
                                                       page_cache):
    from sqlalchemy import event

    from app.core.extensions import db as _db

    municipality, _, author = asker
    idea = make_idea(municipality, author)
    for n in range(5):
        make_comment(idea, author, f"Kommentar {n}")
    statements = []

    def count(*args):
        statements.append(args[2])

    with app.app_context():
        engine = _db.engine
    for path in ("/", "/asker/", "/asker/ideer/", f"/asker/ideer/{idea.id}"):
        anonymous(app, path, "MISS")
        event.listen(engine, "before_cursor_execute", count)
        try:
            anonymous(app, path, "HIT")
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert len(statements) <= 1, (path, statements)  # the municipality from its slug
        statements.clear()
