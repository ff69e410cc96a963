"""Who has work to land on. Pure predicates."""
from __future__ import annotations

from app.accounts.landing import STAFF_ROLES, staff_memberships  # noqa: F401
from app.accounts.permissions import can_administer, can_moderate


def can_see_work(user, municipality) -> bool:
    """Moderators and admins of this municipality; refuses residents, other municipalities'
    staff and network admins without a role here."""
    return can_moderate(user, municipality)


def can_see_admin_tools(user, municipality) -> bool:
    """Admins of this municipality (the admin pages in the list of tools)."""
    return can_administer(user, municipality)


def is_staff_anywhere(user) -> bool:
    """A moderator or admin of at least one active municipality."""
    return bool(staff_memberships(user))
