"""Secretariat pages (filled in by the secretariat work)."""
from app.secretariat import bp  # noqa: F401
