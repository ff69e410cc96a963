"""Count the SQL statements a page runs: the one helper for query-count budgets."""
from __future__ import annotations

import contextlib

from sqlalchemy import event

from app.core.extensions import db


@contextlib.contextmanager
def recorded_queries(engine):
    """The statements `engine` sends while the block runs (a list that fills as they go)."""
    statements: list[str] = []

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def count_queries(app, client, path: str) -> int:
    """How many statements GET `path` sends to the database (the page must answer 200)."""
    with app.app_context():
        engine = db.engine
    with recorded_queries(engine) as statements:
        response = client.get(path)
        assert response.status_code == 200, f"{path}: {response.status_code}"
    return len(statements)
