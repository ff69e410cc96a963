"""Public figures (filled in by the figures work)."""
from app.figures import bp  # noqa: F401
