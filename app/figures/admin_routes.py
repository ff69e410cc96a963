"""Admin figures (filled in by the figures work)."""
from app.figures import bp, network_bp  # noqa: F401
