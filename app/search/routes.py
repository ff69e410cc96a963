"""Search pages (filled in by the search work)."""
from app.search import bp  # noqa: F401
