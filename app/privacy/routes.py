"""Pages of the privacy area."""
from app.privacy import bp, tenant_bp  # noqa: F401
