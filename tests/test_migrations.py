"""The Alembic migrations build, from empty, exactly the schema the models describe.

On a fresh SQLite file always, and on a fresh PostgreSQL database (created and dropped on the
server TEST_DATABASE_URL names, never that database itself) when the suite runs on PostgreSQL.
A model changed without a migration makes `test_migrations_match_the_models` fail: run
`make migrate m="what changed"` and review the generated file.
"""
from __future__ import annotations

import contextlib
import importlib
import importlib.util
import logging
import os
import pkgutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app

import app as app_package
from app.core.extensions import db, migrate

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = str(ROOT / "migrations")
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
ON_POSTGRES = bool(POSTGRES_URL) and sa.engine.make_url(POSTGRES_URL).get_backend_name() == "postgresql"
BACKENDS = ["sqlite"] + (["postgresql"] if ON_POSTGRES else [])


def _import_every_models_module() -> list[str]:
    """Every `app/<area>/models.py`, so the comparison covers all models whatever tests ran before."""
    names = []
    for info in pkgutil.iter_modules(app_package.__path__):
        name = f"app.{info.name}.models"
        if info.ispkg and importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
            names.append(name)
    return names


MODEL_MODULES = _import_every_models_module()


@contextlib.contextmanager
def _fresh_postgres_database():
    """A new, empty database on the test server, dropped afterwards."""
    server = sa.engine.make_url(POSTGRES_URL)
    name = f"tinget_migrations_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0'))
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@contextlib.contextmanager
def _logging_untouched():
    """migrations/env.py calls logging.config.fileConfig, which disables every existing logger;
    put the logging set-up back so later tests still see the app's log records."""
    manager = logging.Logger.manager
    root = logging.getLogger()
    saved_root = (root.level, list(root.handlers))
    saved = {name: (lg.disabled, lg.level, list(lg.handlers), lg.propagate)
             for name, lg in manager.loggerDict.items() if isinstance(lg, logging.Logger)}
    try:
        yield
    finally:
        root.setLevel(saved_root[0])
        root.handlers[:] = saved_root[1]
        for name, lg in manager.loggerDict.items():
            if not isinstance(lg, logging.Logger):
                continue
            if name in saved:
                lg.disabled, lg.level, handlers, lg.propagate = saved[name]
                lg.handlers[:] = handlers
            else:
                lg.disabled = False


@pytest.fixture(params=BACKENDS)
def fresh_database(request, app, tmp_path):
    """A bare Flask app with the real app's db and Migrate set-up, bound to a fresh, empty
    database of each backend. (The session `app` has imported every model and configured
    Flask-Migrate; create_app() itself cannot run twice in one process.)"""
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        else:
            url = stack.enter_context(_fresh_postgres_database())
        bare = Flask("tinget_migrations")
        bare.config.update(SQLALCHEMY_DATABASE_URI=url,
                           SQLALCHEMY_ENGINE_OPTIONS=app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        db.init_app(bare)
        migrate.init_app(bare, db, directory=MIGRATIONS)
        with bare.app_context():
            assert not sa.inspect(db.engine).get_table_names(), "the database is not empty"
            try:
                yield url
            finally:
                db.session.remove()
                db.engine.dispose()


def _migrate(action: str, revision: str) -> None:
    with _logging_untouched():
        getattr(command, action)(migrate.get_config(MIGRATIONS), revision)


def _compare_options() -> dict:
    """The options migrations/env.py hands to Alembic (Flask-Migrate's configure_args)."""
    options = dict(current_app.extensions["migrate"].configure_args)
    options.pop("process_revision_directives", None)
    return options


def _differences(metadata: sa.MetaData) -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=_compare_options())
        return compare_metadata(context, metadata)


def test_create_app_knows_every_model():
    """`flask db migrate` sees only the models create_app() imports; a models module it misses
    would get no migration."""
    code = ("import sys; from app import create_app; from app.core.extensions import db; "
            "create_app('testing'); print(*sorted(db.metadata.tables), sep='\\n')")
    seen = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "TINGET_ENV": "testing"}, timeout=120)
    assert seen.returncode == 0, seen.stderr
    assert len(MODEL_MODULES) >= 2
    missing = set(db.metadata.tables) - set(seen.stdout.split())
    assert not missing, f"create_app() does not import the models of: {sorted(missing)}"


def _describe(diff) -> str:
    """One line per difference: `add_table ideas`, `add_column users.phone`, `modify_type ...`."""
    if isinstance(diff, list):  # modify_* come grouped per column
        return "; ".join(_describe(d) for d in diff)
    op, *args = diff
    if op in {"add_table", "remove_table", "add_index", "remove_index", "add_constraint",
              "remove_constraint", "add_fk", "remove_fk"}:
        return f"{op} {getattr(args[0], 'name', args[0])}"
    if op in {"add_column", "remove_column"}:
        return f"{op} {args[1]}.{args[2].name}"
    if op.startswith("modify_"):
        return f"{op} {args[1]}.{args[2]}: {args[-2]!r} -> {args[-1]!r}"
    return repr(diff)


def _tables() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}


def _head() -> str:
    return ScriptDirectory.from_config(migrate.get_config(MIGRATIONS)).get_current_head()


def _current_revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_migrations_match_the_models(fresh_database):
    _migrate("upgrade", "head")

    assert _current_revision() == _head()
    assert {"municipalities", "users", "memberships"} <= set(db.metadata.tables)
    differences = _differences(db.metadata)
    assert differences == [], (
        "the models and the migrations differ; run `make migrate m=\"...\"` and review the file:\n"
        + "\n".join(map(_describe, differences)))
    assert _tables() == set(db.metadata.tables)


def test_the_comparison_sees_a_column_the_migrations_lack(fresh_database):
    """Guards the test above: a model change without a migration must show up as a difference."""
    _migrate("upgrade", "head")
    changed = sa.MetaData(naming_convention=db.metadata.naming_convention)
    for table in db.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["municipalities"].append_column(sa.Column("not_migrated", sa.String(20)))

    differences = _differences(changed)

    assert ("add_column", "municipalities", "not_migrated") in [
        (d[0], d[2], d[3].name) for d in differences if d[0] == "add_column"]


def _schema() -> dict[str, list]:
    inspector = sa.inspect(db.engine)
    return {table: sorted((c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table))
            for table in _tables()}


def test_downgrade_to_base_and_upgrade_again(fresh_database):
    _migrate("upgrade", "head")
    schema = _schema()
    _migrate("downgrade", "base")

    assert _tables() == set()
    assert _current_revision() is None

    _migrate("upgrade", "head")

    assert _current_revision() == _head()
    assert schema and _schema() == schema


VOCABULARY_REVISION = "5d2f9c1e7a3b"


def _insert(table: str, **values) -> None:
    columns = ", ".join(values)
    params = ", ".join(f":{name}" for name in values)
    with db.engine.begin() as connection:
        connection.execute(sa.text(f"INSERT INTO {table} ({columns}) VALUES ({params})"), values)


def _rows(sql: str) -> list:
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(sql)).all()]


def test_one_vocabulary_migration_converts_existing_rows(fresh_database):
    """From the previous head with data in it: English theme keys become the network's keys and
    comma-separated goals become link rows (bad and repeated numbers dropped); and back."""
    previous = ScriptDirectory.from_config(migrate.get_config(MIGRATIONS)) \
        .get_revision(VOCABULARY_REVISION).down_revision
    _migrate("upgrade", previous)
    when = "2026-11-01 10:00:00+00:00"
    _insert("municipalities", id=1, number="3203", official_name="Asker", name="Asker", slug="asker",
            county="Akershus", malform="bokmal", default_locale="nb", enabled_locales="nb,nn,en",
            is_active=True, moderation_mode="post", embed_origins="")
    for number, (theme, goals) in enumerate([("mobility", "3,11,11,99"), ("open_data", ""),
                                             (None, "17")], start=1):
        _insert("consultations", id=number, municipality_id=1, kind="general", theme=theme,
                sdgs=goals, opens_at=when, closes_at=when, answer_visibility="immediately",
                created_at=when, updated_at=when)
    _insert("votes", id=1, municipality_id=1, title="Budsjett", description="", method="budget",
            opens_at=when, closes_at=when, eligibility="account", results_live=False,
            created_at=when, updated_at=when)
    _insert("vote_projects", id=1, municipality_id=1, vote_id=1, title="Sykkelvei", description="",
            cost=100, theme="smart_city_guidelines", sdgs="7, 13", position=0)

    _migrate("upgrade", VOCABULARY_REVISION)

    assert _rows("SELECT id, theme FROM consultations ORDER BY id") == [
        (1, "mobilitet"), (2, "apne-data"), (3, None)]
    assert _rows("SELECT consultation_id, goal FROM consultation_sdgs ORDER BY 1, 2") == [
        (1, 3), (1, 11), (3, 17)]
    assert _rows("SELECT theme FROM vote_projects") == [("smartbyretningslinjer",)]
    assert _rows("SELECT project_id, goal FROM vote_project_sdgs ORDER BY 2") == [(1, 7), (1, 13)]
    assert "sdgs" not in {c["name"] for c in sa.inspect(db.engine).get_columns("consultations")}

    _migrate("downgrade", previous)

    assert _rows("SELECT id, theme, sdgs FROM consultations ORDER BY id") == [
        (1, "mobility", "3,11"), (2, "open_data", ""), (3, None, "17")]
    assert _rows("SELECT theme, sdgs FROM vote_projects") == [("smart_city_guidelines", "7,13")]


SEARCH_REVISION = "c41f7a2e9b13"


def test_the_search_migration_fills_the_index_from_existing_rows(fresh_database):
    """From the revision before search, with a published and a draft vote in it: the migration
    indexes what is published (with its projects' goals), not the draft."""
    previous = ScriptDirectory.from_config(migrate.get_config(MIGRATIONS)) \
        .get_revision(SEARCH_REVISION).down_revision
    _migrate("upgrade", previous)
    when = "2026-11-01 10:00:00+00:00"
    _insert("municipalities", id=1, number="3203", official_name="Asker", name="Asker", slug="asker",
            county="Akershus", malform="bokmal", default_locale="nb", enabled_locales="nb,nn,en",
            is_active=True, moderation_mode="post", embed_origins="")
    for number, published in ((1, when), (2, None)):
        _insert("votes", id=number, municipality_id=1, title=f"Badebudsjett {number}",
                description="Penger til badeplasser", method="budget", opens_at=when,
                closes_at=when, eligibility="account", results_live=False, published_at=published,
                theme="mobilitet", created_at=when, updated_at=when)
    _insert("vote_sdgs", vote_id=1, goal=6)
    _insert("vote_projects", id=1, municipality_id=1, vote_id=1, title="Stupetårn", description="",
            cost=100, theme="mobilitet", position=0)
    _insert("vote_project_sdgs", project_id=1, goal=11)

    _migrate("upgrade", SEARCH_REVISION)

    assert _rows("SELECT kind, item_id, theme, goals, title_nb FROM search_entries") == [
        ("vote", 1, "mobilitet", ",6,11,", "Badebudsjett 1")]
