"""Open-data pages (filled in by the open-data work)."""
from app.opendata import bp, tenant_bp  # noqa: F401
