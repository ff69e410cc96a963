"""Count the SQL statements a page runs: the one helper for query-count budgets."""
from __future__ import annotations

from sqlalchemy import event

from app.core.extensions import db


def count_queries(app, client, path: str) -> int:
    """How many statements GET `path` sends to the database (the page must answer 200)."""
    statements: list[str] = []

    def before(*args):
        statements.append(args[2])

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        response = client.get(path)
        assert response.status_code == 200, f"{path}: {response.status_code}"
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return len(statements)
