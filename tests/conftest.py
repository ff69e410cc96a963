"""Shared fixtures: app, db, client, runner, auth, a real SMTP server, and factories.

The database is SQLite in a temporary file by default, or PostgreSQL when TEST_DATABASE_URL
names one (CI runs the suite against both).
"""
from __future__ import annotations

import contextvars
import itertools
import os
import re
import shutil
import tempfile
from email import message_from_bytes, policy

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import delete

from app import create_app
from app.accounts.models import Role
from app.accounts.services import create_user
from app.core.extensions import db as _db
from app.core.extensions import limiter
from app.municipalities.importer import slugify
from app.municipalities.models import Malform, ModerationMode, Municipality

PASSWORD = "Korrekt-hest-batteri-9"
IN_CI = os.environ.get("CI", "").lower() == "true"


def _worker_database() -> None:
    """Under pytest-xdist (`-n 2`, as CI runs) each worker gets its own PostgreSQL database: the one
    TEST_DATABASE_URL names with the worker's id appended, created empty here and dropped again in
    pytest_unconfigure. The variable is rewritten at import, so servers that tests start in
    subprocesses use the worker's database too. SQLite needs nothing: each worker makes its own file."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not worker or not url.startswith("postgresql") or os.environ.get("TINGET_TEST_SHARED_DATABASE_URL"):
        return
    import sqlalchemy as sa

    base = sa.engine.make_url(url)
    name = f"{base.database}_{worker}"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))
    admin.dispose()
    os.environ["TINGET_TEST_SHARED_DATABASE_URL"] = url
    os.environ["TEST_DATABASE_URL"] = base.set(database=name).render_as_string(hide_password=False)


def pytest_unconfigure(config):
    """Remove this process's upload folder (TestConfig's default, one per process) and drop the
    worker's own PostgreSQL database (see _worker_database)."""
    from config import TestConfig

    if not os.environ.get("TEST_UPLOAD_FOLDER"):
        shutil.rmtree(TestConfig.UPLOAD_FOLDER, ignore_errors=True)
    shared = os.environ.get("TINGET_TEST_SHARED_DATABASE_URL")
    own = os.environ.get("TEST_DATABASE_URL", "")
    if not shared or own == shared:
        return
    import sqlalchemy as sa

    name = sa.engine.make_url(own).database
    admin = sa.create_engine(sa.engine.make_url(shared).set(database="postgres"),
                             isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


_worker_database()


def require(condition: bool, reason: str) -> None:
    """Skip when a test dependency is missing; in CI a missing dependency is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true and a test dependency is missing: {reason}")
    pytest.skip(reason)


def on_postgresql() -> bool:
    return os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` belong to the PostgreSQL run (`TEST_DATABASE_URL`): on SQLite they
    are deselected, not skipped. CI runs the suite on both, so each runs once there for real."""
    if on_postgresql():
        return
    selected = [item for item in items if item.get_closest_marker("postgres") is None]
    deselected = [item for item in items if item.get_closest_marker("postgres") is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dispose_apps(apps) -> None:
    """Stop the worker threads of the apps a test made beside `app`, and close their database
    connections."""
    from app.core import jobs

    for other in apps:
        jobs.stop_worker_thread(other)
        with other.app_context():
            _db.session.remove()
            _db.engine.dispose()


# --- a real SMTP server on loopback -------------------------------------------------------

class _Outbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        return "250 OK"


@pytest.fixture(scope="session")
def smtp_server():
    from aiosmtpd.controller import Controller

    handler = _Outbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


@pytest.fixture
def outbox(smtp_server):
    """The mails the app sent over SMTP during this test."""
    _, handler = smtp_server
    handler.messages.clear()
    return handler.messages


def mail_body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message, pattern: str = r"https?://\S+") -> str:
    match = re.search(pattern, mail_body(message))
    assert match, f"no link matching {pattern!r} in: {mail_body(message)}"
    return match.group(0)


# --- the app and its database ------------------------------------------------------------

@pytest.fixture(scope="session")
def database_url():
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        yield url
        return
    with tempfile.TemporaryDirectory() as directory:
        yield f"sqlite:///{directory}/test.sqlite3"


@pytest.fixture(scope="session")
def app(database_url, smtp_server):
    controller, _ = smtp_server
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url,
                     MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port,
                     SERVER_NAME=None)
    app.test_client_class = IsolatedClient
    with app.app_context():
        _db.drop_all()
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_state(request, app):
    """Every test starts with empty tables, fresh rate limits and no leftover session."""
    yield
    with app.app_context():
        _db.session.remove()
        with _db.engine.begin() as connection:
            for table in reversed(_db.metadata.sorted_tables):
                connection.execute(delete(table))
        limiter.reset()


@pytest.fixture
def db(app):
    with app.app_context():
        yield _db
        _db.session.remove()


class IsolatedClient(FlaskClient):
    """A test client whose requests never share the test's app context.

    Flask reuses an app context that is already pushed, which would let `g` (the logged-in
    user, the locale) and the database session leak from the test into its requests. Each
    request runs in an empty context instead, as in production; afterwards the test's own
    session forgets what it loaded, so it sees what the request wrote.
    """

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(lambda: FlaskClient.open(self, *args, **kwargs))
        if has_app_context():
            _db.session.expire_all()
        return response


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# --- forms: read the CSRF token the way a browser would -----------------------------------


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def submit(client, url: str, data: dict, *, form_url: str | None = None, **kwargs):
    """GET the form page, then POST `data` with its CSRF token, as a browser does."""
    page = client.get(form_url or url)
    assert page.status_code == 200, f"GET {form_url or url} gave {page.status_code}"
    return client.post(url, data={"csrf_token": csrf_from(page.get_data(as_text=True)), **data},
                       **kwargs)


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, user_or_email, password: str = PASSWORD):
        email = getattr(user_or_email, "email", user_or_email)
        response = submit(self.client, "/konto/logg-inn", {"email": email, "password": password})
        assert response.status_code == 302, "log-in failed"
        return response

    def logout(self):
        return submit(self.client, "/konto/logg-ut", {})


@pytest.fixture
def auth(client):
    return Auth(client)


# --- factories ---------------------------------------------------------------------------

_counter = itertools.count(1)


@pytest.fixture
def make_municipality(db):
    def make(name: str | None = None, *, number: str | None = None, slug: str | None = None,
             malform: Malform = Malform.bokmal, default_locale: str | None = None,
             moderation_mode: ModerationMode = ModerationMode.post, is_active: bool = True,
             **fields) -> Municipality:
        n = next(_counter)
        name = name or f"Testkommune {n}"
        municipality = Municipality(
            number=number or f"{9000 + n % 1000:04d}", official_name=fields.pop("official_name", name),
            name=name, slug=slug or slugify(name), county=fields.pop("county", "Vestland"),
            malform=malform,
            default_locale=default_locale or ("nn" if malform is Malform.nynorsk else "nb"),
            enabled_locales=fields.pop("enabled_locales", "nb,nn,en"),
            moderation_mode=moderation_mode, is_active=is_active,
            embed_origins=fields.pop("embed_origins", ""), **fields)
        db.session.add(municipality)
        db.session.commit()
        return municipality

    return make


@pytest.fixture
def make_user(db):
    def make(email: str | None = None, *, role: Role | str | None = None, municipality=None,
             network_admin: bool = False, password: str = PASSWORD, verified: bool = True,
             name: str | None = None):
        email = email or f"person{next(_counter)}@example.no"
        if isinstance(role, str):
            role = Role(role)
        user = create_user(email, password, name, municipality=municipality, role=role,
                           network_admin=network_admin)
        if not verified:
            user.email_verified_at = None
        db.session.commit()
        return user

    return make
