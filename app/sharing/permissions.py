"""Who may share, browse and copy: a municipality's own admins. Pure predicates."""
from __future__ import annotations

from app.accounts.permissions import can_administer


def can_use_network(user, municipality) -> bool:
    """Admins of this municipality may share its items, browse what other members share and
    copy it. Refuses residents, moderators, admins of other municipalities and network admins
    without a role here; refuses everyone for a municipality that is not an active member."""
    return municipality is not None and bool(municipality.is_active) \
        and can_administer(user, municipality)
