"""Removing a person from the database: the account row and every link to it, walked from the
foreign keys that point at `users` (so a table another area adds is covered without this module
knowing it), and the person's name and e-mail address wherever the system stored them.

Rows that count something (ballots, survey responses, consultation answers, ideas, comments)
are kept without the account, so results and counts stay exact; rows that only tie the person
to something (memberships, sessions, supports, follows, tokens) go. The audit log is append-only
for the application (app/core/audit.py refuses ORM changes); erasure (GDPR art. 17) is its one
exception, done with Core statements that replace only the name and the address in it.
"""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import JSON, Enum, String, Text, Table, cast, delete, func, or_, select, update

from app.core.extensions import db

#: what replaces an erased e-mail address inside a text
ERASED = "[slettet]"
#: the name a former participant's answers carry, per written form
FORMER_PARTICIPANT = {"nb": "Tidligere deltaker", "nn": "Tidlegare deltakar"}


def former_participant(municipality) -> str:
    """The name an anonymised answer carries, in the municipality's written form."""
    return FORMER_PARTICIPANT.get(getattr(municipality, "default_locale", "nb"),
                                  FORMER_PARTICIPANT["nb"])


def user_references() -> list[tuple[Table, Any]]:
    """(table, column) for every column that points at users.id."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.c:
            if any(fk.column.table.name == "users" for fk in column.foreign_keys):
                found.append((table, column))
    return found


def _kind(column) -> str | None:
    """'short' or 'long' for a text column, 'json' for JSON, None otherwise (on this database:
    a column that is text on SQLite may be a tsvector on PostgreSQL)."""
    impl = column.type.dialect_impl(db.session.get_bind().dialect)
    if isinstance(impl, JSON):
        return "json"
    if isinstance(impl, Enum) or not isinstance(impl, (String, Text)):
        return None
    return "short" if getattr(impl, "length", None) and impl.length <= 255 else "long"


class Scrubber:
    """Replaces a person's e-mail address (anywhere in a text) and name (as a whole word, in
    short fields and JSON only: a long text is what someone wrote, and may name another person
    of the same name)."""

    def __init__(self, email: str, name: str, replacement_name: str):
        self.raw_email = (email or "").strip().lower()
        self.email = re.compile(re.escape(self.raw_email), re.IGNORECASE) if self.raw_email else None
        name = (name or "").strip()
        self.name = (re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", re.IGNORECASE)
                     if len(name) >= 2 else None)
        self.replacement_name = replacement_name

    def text(self, value: str, kind: str) -> str:
        if self.email is not None:
            value = self.email.sub(ERASED, value)
        if self.name is not None and kind in ("short", "json"):
            value = self.name.sub(self.replacement_name, value)
        return value

    def value(self, value: Any, kind: str) -> Any:
        if isinstance(value, str):
            return self.text(value, kind)
        if isinstance(value, list):
            return [self.value(item, kind) for item in value]
        if isinstance(value, dict):
            return {key: self.value(item, kind) for key, item in value.items()}
        return value

    def rows(self, table: Table, where) -> int:
        """Scrub the text columns of the rows `where` selects; the number of rows changed."""
        columns = [(c, _kind(c)) for c in table.c]
        columns = [(c, k) for c, k in columns if k]
        keys = list(table.primary_key.columns)
        if not columns or not keys:
            return 0
        changed = 0
        for row in db.session.execute(select(*keys, *[c for c, _ in columns]).where(where)).all():
            values = {}
            for (column, kind), old in zip(columns, row[len(keys):]):
                new = self.value(old, kind) if old is not None else None
                if new != old:
                    values[column.name] = new
            if values:
                db.session.execute(update(table).where(
                    *[key == value for key, value in zip(keys, row[:len(keys)])]).values(**values))
                changed += 1
        return changed

    def everywhere(self) -> int:
        """Scrub the e-mail address from every text column of every table."""
        if self.email is None:
            return 0
        needle = f"%{self.raw_email}%"
        changed = 0
        for table in db.metadata.sorted_tables:
            conditions = []
            for column in table.c:
                kind = _kind(column)
                if kind == "json":
                    conditions.append(func.lower(cast(column, Text)).like(needle))
                elif kind:
                    conditions.append(func.lower(column).like(needle))
            if conditions:
                changed += self.rows(table, or_(*conditions))
        return changed


def cut_links(user_id: int) -> None:
    """Every row that points at the account: deleted where the link is the row's reason to exist
    (ON DELETE CASCADE, or a link that cannot be empty), otherwise the link set to NULL. Done
    here rather than left to the database, so SQLite (no foreign-key enforcement) does the same
    as PostgreSQL."""
    for table, column in user_references():
        cascade = any(fk.ondelete and fk.ondelete.upper() == "CASCADE"
                      for fk in column.foreign_keys) or not column.nullable
        if table.name == "users":
            continue
        if cascade:
            db.session.execute(delete(table).where(column == user_id))
        else:
            db.session.execute(update(table).where(column == user_id).values({column.name: None}))
