"""Who may do what. Pure predicates, used by views, templates and the API alike."""
from __future__ import annotations

from app.accounts.models import Role


def is_signed_in(user) -> bool:
    """A signed-in, active account (not an anonymous visitor, not a deactivated account)."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def can_moderate(user, municipality) -> bool:
    """Moderators and admins of this municipality; refuses everyone else, network admins included."""
    if not is_signed_in(user) or municipality is None:
        return False
    return user.role_in(municipality) in (Role.moderator, Role.admin)


def can_administer(user, municipality) -> bool:
    """Admins of this municipality only; refuses moderators, residents and other municipalities."""
    if not is_signed_in(user) or municipality is None:
        return False
    return user.role_in(municipality) is Role.admin


def is_network_admin(user) -> bool:
    """The network's secretariat; refuses everyone else."""
    return is_signed_in(user) and bool(user.is_network_admin)
