"""Which generations a committed change moves: the municipality that owns the row (also through a
parent, also for bulk statements), `shared` for what has no municipality, `net` for both; nothing
for a log-in, the translation cache or a rolled-back change."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, insert, update

from app.accounts.models import Role
from app.accounts.services import log_in
from app.core import cache
from app.core.clock import utcnow
from app.ideas import services as ideas
from app.ideas.models import Idea, IdeaComment, IdeaSdg, IdeaSupport
from app.secretariat.models import CaseKind, NetworkCase
from tests.conftest import Auth


@pytest.fixture
def two(make_municipality, make_user):
    asker, bergen = make_municipality("Asker"), make_municipality("Bergen")
    return asker, bergen, make_user(role=Role.resident, municipality=asker, name="Rita Resident")


def moved(store, change) -> set[str]:
    """The generations that `change()` (which commits, or not) moved."""
    before = dict(store._generations)
    change()
    return {name for name, value in store._generations.items() if before.get(name) != value}


def test_rows_of_a_municipality_move_it_and_the_network(db, two, memory_cache, make_idea):
    asker, bergen, author = two
    mine = {f"m:{asker.id}", "net"}
    idea = make_idea(asker, author)
    assert moved(memory_cache, lambda: make_idea(asker, author)) == mine
    comment = IdeaComment(idea_id=idea.id, municipality_id=asker.id, author_id=author.id,
                          body="Kommentar", body_html="<p>Kommentar</p>")

    def add(obj):
        db.session.add(obj)
        db.session.commit()

    assert moved(memory_cache, lambda: add(comment)) == mine

    def edit():
        db.session.get(Idea, idea.id).title = "Nytt navn"
        db.session.commit()

    assert moved(memory_cache, edit) == mine

    def remove():
        db.session.expire_all()  # nothing loaded: the owner is read before the row goes
        db.session.delete(db.session.get(IdeaComment, comment.id))
        db.session.commit()

    assert moved(memory_cache, remove) == mine


def test_rows_without_a_municipality_move_their_parents_municipality(db, two, memory_cache,
                                                                     make_idea, make_user):
    asker, bergen, author = two
    idea = make_idea(asker, author)
    mine = {f"m:{asker.id}", "net"}

    def orm_child():
        db.session.add(IdeaSdg(idea_id=idea.id, goal=11))
        db.session.commit()

    def service_support():  # a bulk INSERT and a bulk UPDATE, no flush of objects
        ideas.support_idea(db.session.get(Idea, idea.id),
                           make_user(role=Role.resident, municipality=asker), asker)
        db.session.commit()

    def bulk_delete():
        db.session.execute(delete(IdeaSupport).where(IdeaSupport.idea_id.in_([idea.id])))
        db.session.commit()

    def bulk_update_by_municipality():
        db.session.execute(update(Idea).where(Idea.municipality_id == asker.id)
                           .values(comment_count=0))
        db.session.commit()

    for change in (orm_child, service_support, bulk_delete, bulk_update_by_municipality):
        assert moved(memory_cache, change) == mine, change.__name__


def test_what_has_no_municipality_moves_shared_and_the_network(db, two, memory_cache):
    asker, bergen, author = two

    def network_case():
        now = utcnow()
        db.session.add(NetworkCase(kind=list(CaseKind)[0], title_nb="Felles sak", opens_at=now,
                                   closes_at=now + timedelta(days=7)))
        db.session.commit()

    def rename():
        author.display_name = "Rita R."
        db.session.commit()

    assert moved(memory_cache, network_case) == {"shared", "net"}
    assert moved(memory_cache, rename) == {"shared", "net"}


def test_a_municipality_setting_moves_its_pages_everywhere(db, two, memory_cache):
    asker, bergen, author = two

    def settings():
        asker.enabled_locales = "nb,nn,en,se"
        db.session.commit()

    assert moved(memory_cache, settings) == {f"m:{asker.id}", "shared", "net"}


def test_log_ins_translations_and_rollbacks_move_nothing(app, client, db, two, memory_cache,
                                                         make_idea):
    asker, bergen, author = two
    idea = make_idea(asker, author)
    assert moved(memory_cache, lambda: Auth(client).login(author)) == set()

    def direct_log_in():
        with app.test_request_context("/"):
            log_in(author)
        db.session.commit()

    def rolled_back():
        db.session.get(Idea, idea.id).title = "Aldri lagret"
        db.session.execute(insert(IdeaSdg).values(idea_id=idea.id, goal=3))
        db.session.flush()
        db.session.rollback()
        db.session.commit()  # an empty commit after the rollback

    assert moved(memory_cache, direct_log_in) == set()
    assert moved(memory_cache, rolled_back) == set()


def test_the_memory_backend_is_bounded_least_recently_used_first():
    store = cache.MemoryBackend(max_entries=2, max_bytes=100)
    store.write("a", b"x" * 10, 60)
    store.write("b", b"x" * 10, 60)
    assert store.read("a", ())[1] == b"x" * 10  # a is now the most recently used
    store.write("c", b"x" * 10, 60)
    assert store.read("b", ())[1] is None and store.read("a", ())[1] is not None
    store.write("big", b"x" * 91, 60)  # bytes: the older pages make room
    assert store.describe() == {"pages": 1, "bytes": 91}
    store.write("huge", b"x" * 101, 60)  # larger than the whole cache: not kept
    assert store.read("huge", ())[1] is None
    store.write("gone", b"x", -1)  # expired
    assert store.read("gone", ())[1] is None


def test_a_cache_that_fails_is_a_miss_and_describe_tells_the_backend(app, two, make_idea):
    asker, _, author = two
    make_idea(asker, author)
    saved = {key: app.config.get(key) for key in ("PAGE_CACHE", "REDIS_URL")}
    app.config.update(PAGE_CACHE="redis", REDIS_URL="redis://127.0.0.1:1/0")  # nobody there
    try:
        response = app.test_client().get("/asker/")
        assert response.status_code == 200 and "X-Cache" not in response.headers
        with app.app_context():
            assert cache.describe() == {"backend": "redis", "shared_between_servers": True,
                                        "ttl_seconds": app.config["PAGE_CACHE_TTL"],
                                        "reachable": False, "fragments": "redis"}
        app.config["PAGE_CACHE"] = "memory"
        with app.app_context():
            facts = cache.describe()
        assert facts["backend"] == "memory" and facts["shared_between_servers"] is False
        assert "REDIS_URL" in facts["note"]
    finally:
        app.config.update(saved)
