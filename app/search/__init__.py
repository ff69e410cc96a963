"""Search across the network (`/sok/`): one index table kept current by session events, searched
with PostgreSQL's `norwegian` full-text search or the stored stems on SQLite. See README.md."""
from flask import Blueprint

bp = Blueprint("search", __name__)

from app.search import cli, index, routes  # noqa: E402,F401

index.listen()
