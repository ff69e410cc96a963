"""Generations: after each commit, move those of what the transaction changed.

`m:<id>` for rows a municipality owns (reached through a parent where a row has no
`municipality_id`; bulk statements by the ids their WHERE names), `shared` for what has no
municipality, `net` for either. Nothing moves for tables no public page shows (`NEVER_SHOWN`).
"""
from __future__ import annotations

from flask import current_app, has_app_context
from sqlalchemy import event, inspect, select
from sqlalchemy.sql import operators, visitors
from sqlalchemy.sql.elements import BinaryExpression, BindParameter

from app.core.cache.backends import guarded, backend
from app.core.extensions import db

#: tables whose rows no public page shows, or that are derived from rows that do (a change there
#: would invalidate pages for nothing; the translation cache is even filled while a page renders)
NEVER_SHOWN = {"login_sessions", "audit_events", "machine_translations", "search_entries",
               "mail_outbox", "follows", "follow_events", "follow_settings"}
#: columns of `users` that no public page shows (a log-in changes `last_login_at`)
USER_PRIVATE = {"email", "password_hash", "email_verified_at", "locale", "last_login_at",
                "idporten_sub", "idporten_verified_at", "created_at"}


def never_shown(*tables: str) -> None:
    """Declare tables whose changes never alter a public page (an area's bookkeeping)."""
    NEVER_SHOWN.update(tables)


PENDING = "page_cache_generations"


def _tenant_table():
    from app.core import tenancy

    return tenancy._tenant.__table__


def _names_for(ids) -> set[str]:
    names = {"net"}
    for municipality_id in ids:
        names.add(f"m:{municipality_id}")
    return names


def _values(value) -> tuple:
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(value)
    return (value,)


def _select(connection, memo: dict, what, column, values: tuple) -> list:
    """Rows of `what` whose `column` is one of `values`, asked once per transaction."""
    key = (str(column.table.name), column.name, str(what), values)
    if key not in memo:
        memo[key] = connection.execute(select(what).where(column.in_(values))).all()
    return memo[key]


def owners(connection, table, values: dict, depth: int = 0, memo: dict | None = None) -> set | None:
    """The municipality ids a row belongs to, from some of its column values (a value may be a
    tuple: any of them), following foreign keys to a parent; None when that cannot be told."""
    memo = {} if memo is None else memo
    tenant = _tenant_table()
    if table is tenant:
        return set(_values(values["id"])) if values.get("id") is not None else None
    if "municipality_id" in table.c:
        if values.get("municipality_id") is not None:
            return set(_values(values["municipality_id"]))
        keys = [column for column in table.primary_key.columns if values.get(column.name) is not None]
        if len(keys) == 1:
            found = _select(connection, memo, table.c.municipality_id, keys[0],
                            _values(values[keys[0].name]))
            return {row[0] for row in found} or None
        return None
    if depth > 3:
        return None
    if not any(values.get(fk.parent.name) is not None for fk in table.foreign_keys):
        keys = [column for column in table.primary_key.columns if values.get(column.name) is not None]
        if len(keys) != 1:
            return None
        rows = _select(connection, memo, table, keys[0], _values(values[keys[0].name]))
        if not rows:
            return None
        values = dict(rows[0]._mapping)
    for fk in table.foreign_keys:
        target = fk.column.table
        value = values.get(fk.parent.name)
        if value is None or target.name == "users" or target.name in NEVER_SHOWN:
            continue
        found = owners(connection, target, {fk.column.name: value}, depth + 1, memo)
        if found:
            return found
    return None


def _active() -> bool:
    """Whether the app in use caches pages (else the session events do nothing)."""
    return has_app_context() and backend(current_app) is not None


def _note(session, names: set[str]) -> None:
    if names:
        session.info.setdefault(PENDING, set()).update(names)


def _row_names(session, table, values: dict) -> set[str]:
    """The generations a change to this row moves."""
    if table.name in NEVER_SHOWN:
        return set()
    connection, memo = session.connection(), session.info.setdefault(PENDING + "_memo", {})
    found = owners(connection, table, values, memo=memo)
    if table is _tenant_table():
        return _names_for(found or ()) | {"shared"}
    return _names_for(found) if found else {"shared", "net"}


def _snapshot(obj, deleting: bool = False) -> tuple | None:
    """(table, column values) of a changed object, read without loading anything; None when it
    cannot change a public page."""
    state = inspect(obj)
    mapper = state.mapper
    table = mapper.local_table
    if table.name in NEVER_SHOWN:
        return None
    if table.name == "users":
        if state.pending:
            return None  # a new account shows nowhere yet
        changed = {attr.key for attr in state.attrs if attr.history.has_changes()}
        if not deleting and changed <= USER_PRIVATE:
            return None
    values = {}
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        if column.table is not table:
            continue
        current = state.dict.get(prop.key)
        before = state.attrs[prop.key].history.deleted if prop.key in state.dict else ()
        known = [value for value in (current, *before) if value is not None]
        if known:
            values[column.name] = tuple(dict.fromkeys(known))
    if state.identity:
        for column, value in zip(mapper.primary_key, state.identity):
            values.setdefault(column.name, (value,))
    return table, values


def _before_flush(session, _context, _instances) -> None:
    # Deleted objects lose their rows in the flush: read their owner now, while it is there.
    if not _active():
        return
    rows = session.info.setdefault(PENDING + "_rows", [])
    for obj in session.deleted:
        snapshot = _snapshot(obj, deleting=True)
        if snapshot is not None:
            rows.append(snapshot)
            if "municipality_id" in snapshot[0].c and "municipality_id" not in snapshot[1]:
                snapshot[1]["municipality_id"] = (getattr(obj, "municipality_id", None),)


def _after_flush(session, _context) -> None:
    if not _active():
        return
    rows = session.info.setdefault(PENDING + "_rows", [])
    changed = [obj for obj in session.dirty if session.is_modified(obj)]
    for obj in [*session.new, *changed]:
        snapshot = _snapshot(obj)
        if snapshot is not None:
            rows.append(snapshot)


def _after_flush_postexec(session, _context) -> None:
    for table, values in session.info.pop(PENDING + "_rows", []):
        _note(session, _row_names(session, table, values))


def _statement_values(state) -> dict:
    """Column values a bulk INSERT, UPDATE or DELETE names: its values, and the `col == x` and
    `col IN (...)` terms of its WHERE clause."""
    statement = state.statement
    values: dict = {}
    parameters = state.parameters
    rows = parameters if isinstance(parameters, list) else [parameters or {}]
    for row in rows:
        for name, value in row.items():
            values.setdefault(name, set()).add(value)
    for column, bind in (getattr(statement, "_values", None) or {}).items():
        name = getattr(column, "key", column)
        value = getattr(bind, "value", None)
        if value is not None and not hasattr(value, "__clause_element__"):
            values.setdefault(name, set()).add(value)
    where = getattr(statement, "whereclause", None)
    if where is not None:
        for element in visitors.iterate(where):
            if isinstance(element, BinaryExpression) and isinstance(element.right, BindParameter) \
                    and element.operator in (operators.eq, operators.in_op) \
                    and hasattr(element.left, "table"):
                value = element.right.value
                values.setdefault(element.left.name, set()).update(
                    value if isinstance(value, (list, tuple)) else (value,))
    return {name: tuple(found) for name, found in values.items() if None not in found}


def _on_execute(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete) or not _active():
        return
    table = db.metadata.tables.get(getattr(getattr(state.statement, "table", None), "name", ""))
    if table is None or table.name in NEVER_SHOWN:
        return
    if table.name == "users" and not set(_statement_values(state)) - USER_PRIVATE - {"id"}:
        return
    _note(state.session, _row_names(state.session, table, _statement_values(state)))


def _after_commit(session) -> None:
    names = session.info.pop(PENDING, None)
    if not names or not has_app_context():
        return
    store = backend(current_app)
    if store is not None:
        guarded("bump", lambda: store.bump(sorted(names)))


def _after_transaction_end(session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction: committed (bumped) or rolled back
        for suffix in ("", "_rows", "_memo"):
            session.info.pop(PENDING + suffix, None)


def listen() -> None:
    """Follow the app's sessions (once per process)."""
    if event.contains(db.session, "after_commit", _after_commit):
        return
    event.listen(db.session, "before_flush", _before_flush)
    event.listen(db.session, "after_flush", _after_flush)
    event.listen(db.session, "after_flush_postexec", _after_flush_postexec)
    event.listen(db.session, "do_orm_execute", _on_execute)
    event.listen(db.session, "after_commit", _after_commit)
    event.listen(db.session, "after_transaction_end", _after_transaction_end)
