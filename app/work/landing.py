"""Where a member of staff lands after log-in: defined by the accounts area, which logs in."""
from app.accounts.landing import landing_for, staff_memberships  # noqa: F401
