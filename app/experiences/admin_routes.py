"""Admin pages of experiences (filled in by the experiences work)."""
from app.experiences import bp  # noqa: F401
