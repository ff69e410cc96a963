"""Fixtures for caching and several servers: Debian's redis-server on a free loopback port for
the session, and the page cache turned on (memory or Redis) for one test."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time

import pytest

from app.core import cache, clock
from tests.conftest import free_port, require
from tests.ideas.factories import make_comment, make_idea  # noqa: F401

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


@pytest.fixture(scope="session")
def redis_url():
    """A throw-away Redis (no persistence) for the whole test session, stopped at its end."""
    require(os.path.exists(REDIS_SERVER), "Debian's redis-server (apt-get install redis-server)")
    import redis

    port = free_port()
    with tempfile.TemporaryDirectory() as directory:
        server = subprocess.Popen(
            [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", directory],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"redis://127.0.0.1:{port}/0"
        client = redis.Redis.from_url(url)
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    client.ping()
                    break
                except redis.ConnectionError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise
                    time.sleep(0.02)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=10)


def store_in_turn(request, app, setting: str, kept):
    """Set `setting` to the test's parameter ("memory" or "redis": the session's Redis) and
    yield the store (`kept`: the module with `backend` and `clear`), empty at the test's start
    and end; the configuration is restored after."""
    saved = {key: app.config.get(key) for key in (setting, "REDIS_URL")}
    app.config[setting] = request.param
    if request.param == "redis":
        app.config["REDIS_URL"] = request.getfixturevalue("redis_url")
    kept.clear(app)
    yield kept.backend(app)
    kept.clear(app)
    app.config.update(saved)


@pytest.fixture(params=["memory", "redis"])
def page_cache(request, app, monkeypatch):
    """The page cache on for this test (each backend in turn), empty at its start and end; the
    clock stands still (a page is kept for one period of it), as long as the test does not move it."""
    monkeypatch.setattr(clock, "frozen_now", clock.utcnow())
    yield from store_in_turn(request, app, "PAGE_CACHE", cache)


@pytest.fixture(params=["memory", "redis"])
def fragment_cache(request, app):
    """The fragment store of this test (each backend in turn), empty at its start and end."""
    from app.core.cache import fragments

    yield from store_in_turn(request, app, "FRAGMENT_CACHE", fragments)


@pytest.fixture
def memory_cache(app, monkeypatch):
    """The memory page cache only (for what does not depend on the backend)."""
    monkeypatch.setattr(clock, "frozen_now", clock.utcnow())
    saved = app.config.get("PAGE_CACHE")
    app.config["PAGE_CACHE"] = "memory"
    cache.clear(app)
    yield cache.backend(app)
    cache.clear(app)
    app.config["PAGE_CACHE"] = saved
