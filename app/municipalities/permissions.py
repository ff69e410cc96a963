"""Municipality permissions are the account predicates; re-exported for the area's views."""
from app.accounts.permissions import can_administer, can_moderate  # noqa: F401
