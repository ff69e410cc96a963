"""Who may do what with a municipality. Pure predicates, used by views and templates alike.

A role is a membership (app/accounts), so the role predicates `can_moderate` and
`can_administer` live in app/accounts/permissions.py; they are re-exported here because a
municipality's pages are where they are asked.
"""
from __future__ import annotations

from app.accounts.permissions import can_administer, can_moderate  # noqa: F401

__all__ = ["can_administer", "can_moderate", "can_change_settings", "is_listed"]


def can_change_settings(user, municipality) -> bool:
    """The municipality's admins; refuses moderators, residents, admins of other municipalities
    and the network's admins (who do not administer a member municipality)."""
    return can_administer(user, municipality)


def is_listed(municipality) -> bool:
    """An active municipality takes part in the network: its pages are shown and it is listed;
    refuses an imported municipality that has not joined."""
    return municipality is not None and bool(municipality.is_active)
