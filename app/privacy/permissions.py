"""Who may see and do what in the privacy area. Pure predicates."""
from __future__ import annotations

from app.accounts.permissions import can_administer, is_signed_in


def can_manage_own_data(user, municipality=None) -> bool:
    """A signed-in, active account, for its own contributions, data and deletion; refuses
    anonymous visitors and deactivated accounts. (`municipality` is ignored: the pages are the
    account's, not a municipality's.)"""
    return is_signed_in(user)


def can_see_retention(user, municipality) -> bool:
    """The municipality's admins (the retention overview); refuses everyone else."""
    return can_administer(user, municipality)
