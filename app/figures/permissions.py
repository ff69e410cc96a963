"""Who sees which figures. Pure predicates."""
from __future__ import annotations

from app.accounts.permissions import can_administer, is_network_admin


def can_see_participation(user, municipality) -> bool:
    """The municipality's admins; refuses moderators, residents, other municipalities' staff and
    the network's secretariat (which has its own page across members)."""
    return can_administer(user, municipality)


def can_see_network_participation(user, municipality=None) -> bool:
    """The network's secretariat; refuses everyone else, municipalities' admins included."""
    return is_network_admin(user)


def can_see_openness(user, municipality) -> bool:
    """Everyone, signed in or not: the moderation figures name nobody."""
    return municipality is not None
