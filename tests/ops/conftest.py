"""Fixtures for the operations tests: SMTP servers that refuse or stall, apps in other mail modes,
a Redis server, an S3-compatible server, all on loopback."""
from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from email import message_from_bytes, policy

import pytest

from app import create_app
from app.core import logs
from tests.conftest import dispose_apps, free_port, require


def wait_for(condition, timeout: float = 10.0, step: float = 0.02):
    """Poll until `condition()` is true; return its last value (no fixed sleeps in tests)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(step)


class ScriptedSmtp:
    """An aiosmtpd handler that answers DATA from a script, e.g. ["451 …", "451 …"], then 250;
    `hold` makes every DATA wait until the test releases it."""

    def __init__(self):
        self.messages = []
        self.attempts = 0
        self.script: list[str] = []
        self.hold = threading.Event()
        self.hold.set()

    async def handle_DATA(self, server, session, envelope):
        self.attempts += 1
        await asyncio.get_running_loop().run_in_executor(None, self.hold.wait, 15)
        if self.script:
            return self.script.pop(0)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture(scope="session")
def scripted_smtp_server():
    from aiosmtpd.controller import Controller

    handler = ScriptedSmtp()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    handler.hold.set()
    controller.stop()


@pytest.fixture
def scripted_smtp(scripted_smtp_server):
    """A fresh script per test: `.script`, `.hold`, `.messages`, `.attempts`, `.port`."""
    controller, handler = scripted_smtp_server
    handler.messages.clear()
    handler.script.clear()
    handler.attempts = 0
    handler.hold.set()
    handler.port = controller.port
    yield handler
    handler.hold.set()


@pytest.fixture
def point_mail_at(app, monkeypatch):
    """Send the session app's mail to another SMTP port for one test."""
    def point(port: int, **settings):
        monkeypatch.setitem(app.config, "MAIL_PORT", port)
        for name, value in settings.items():
            monkeypatch.setitem(app.config, name, value)
    return point


@pytest.fixture
def make_app(app, database_url):
    """Another app on the test database (its tables exist), with its own settings; logs set up
    before its first request. Worker threads it starts are stopped afterwards."""
    made = []

    def make(**overrides):
        overrides.setdefault("SQLALCHEMY_DATABASE_URI", database_url)
        other = create_app("testing", SERVER_NAME=None, **overrides)
        logs.init_app(other)
        made.append(other)
        return other

    yield make
    dispose_apps(made)


@pytest.fixture
def frozen_outbox(app, db):
    """One pending mail that nobody sends (written as a crashed process would leave it)."""
    from app.core.outbox import MailOutbox

    db.session.add(MailOutbox(to_address="kari@example.no", subject="Hei", body="B",
                              message_id="<p@x>", status="pending", attempts=1))
    db.session.commit()


@pytest.fixture(scope="session")
def redis_url():
    """A throw-away Debian redis-server on loopback (no persistence)."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    require(shutil.which(binary) is not None, "redis-server is not installed")
    port = free_port()
    with tempfile.TemporaryDirectory() as directory:
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", directory], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            assert wait_for(lambda: _listening(port), timeout=10), "redis-server did not start"
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3-compatible server on loopback (a real HTTP server; boto3 talks to it)."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        require(False, "moto[server] is not installed")
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0
