"""Two app servers on one PostgreSQL and one Redis: a rate limit, a log-in, a log-out and a cache
invalidation hold across them (the PostgreSQL run only: both servers need the test's database)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.accounts.models import Role
from tests.conftest import PASSWORD, free_port

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
#: the host both servers are reached by, as behind one proxy (pages are cached per host)
HOST = "tinget.example.no"


class Server:
    """An app process on a free loopback port, production configuration, shared Redis."""

    def __init__(self, database_url: str, redis_url: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "TINGET_ENV": "production", "SECRET_KEY": "two-servers-one-secret",
               "DATABASE_URL": database_url, "REDIS_URL": redis_url, "PAGE_CACHE": "auto",
               "LOGIN_RATE_LIMIT": "5 per minute", "MAIL_DELIVERY": "inline", "MAIL_SERVER": "",
               "LOG_FORMAT": "text", "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen([sys.executable, "-m", "tests.scale.server", str(self.port)],
                                        cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE)

    def wait(self, requests, deadline: float) -> None:
        while True:
            try:
                requests.get(self.url + "/helse", timeout=1)
                return
            except requests.ConnectionError:
                if self.process.poll() is not None:
                    raise RuntimeError(self.process.stderr.read().decode()[-3000:]) from None
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def get(self, browser, path: str, **options):
        headers = {"Host": HOST, **options.pop("headers", {})}
        return browser.get(self.url + path, headers=headers, allow_redirects=False, timeout=10,
                           **options)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def two_servers(database_url, redis_url):
    import redis
    import requests

    redis.Redis.from_url(redis_url).flushdb()
    servers = [Server(database_url, redis_url) for _ in range(2)]
    try:
        deadline = time.monotonic() + 60  # a loaded machine; idle, both start in ~2 s
        for server in servers:
            server.wait(requests, deadline)
        yield servers
    finally:
        for server in servers:
            server.stop()


def token_of(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def post_form(browser, server: Server, form_path: str, action: str, data: dict):
    """GET the form on `server`, POST it there as a browser would (same-origin)."""
    page = server.get(browser, form_path)
    return browser.post(server.url + action, data={"csrf_token": token_of(page.text), **data},
                        headers={"Host": HOST, "Origin": f"http://{HOST}",
                                 "Referer": f"http://{HOST}{form_path}"},
                        allow_redirects=False, timeout=10)


def test_rate_limit_log_in_log_out_and_cache_hold_across_two_servers(
        db, two_servers, make_municipality, make_user, make_idea):
    import requests

    a, b = two_servers
    asker = make_municipality("Asker")
    author = make_user(role=Role.resident, municipality=asker)
    reader = make_user(role=Role.resident, municipality=asker)
    idea = make_idea(asker, author, title="Sykkelvei langs fjorden")
    path = f"/asker/ideer/{idea.id}"

    # the cache: stored by one server, served by the other
    assert a.get(requests, path).headers["X-Cache"] == "MISS"
    cached = b.get(requests, path)
    assert cached.headers["X-Cache"] == "HIT" and "Sykkelvei langs fjorden" in cached.text

    # log in on A; the same cookie is signed in on B
    browser = requests.Session()
    response = post_form(browser, a, "/konto/logg-inn", "/konto/logg-inn",
                         {"email": reader.email, "password": PASSWORD})
    assert response.status_code == 302, response.text[:500]
    assert reader.email in b.get(browser, "/konto/").text

    # a change on B (a support) shows on A's cached page at once
    response = post_form(browser, b, path, path + "/stott", {"want": "1"})
    assert response.status_code in (302, 303)
    fresh = a.get(requests, path)
    assert fresh.headers["X-Cache"] == "MISS"
    assert re.search(r'class="support-count">1\D', fresh.text)

    # log out on B; the cookie no longer works on A
    stolen = dict(browser.cookies)
    assert post_form(browser, b, "/konto/", "/konto/logg-ut", {}).status_code in (302, 303)
    replay = a.get(requests, "/konto/", cookies=stolen)
    assert replay.status_code == 302 and "/konto/logg-inn" in replay.headers["Location"]

    # the log-in and four wrong passwords across both servers use up the limit of five a minute
    for server in (a, b, a, b):
        wrong = post_form(requests.Session(), server, "/konto/logg-inn", "/konto/logg-inn",
                          {"email": reader.email, "password": "feil-passord"})
        assert wrong.status_code == 200
    refused = post_form(requests.Session(), a, "/konto/logg-inn", "/konto/logg-inn",
                        {"email": reader.email, "password": PASSWORD})
    assert refused.status_code == 429
