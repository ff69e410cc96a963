"""API endpoints (filled in by the API work)."""
from app.api import bp  # noqa: F401
