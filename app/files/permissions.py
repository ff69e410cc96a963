"""Who may download a stored file."""
from __future__ import annotations

from app.accounts.permissions import can_moderate


def can_view_file(user, stored) -> bool:
    """Public files: everyone. Others: the uploader and the municipality's moderators and admins."""
    if stored.is_public:
        return True
    if user is not None and getattr(user, "is_authenticated", False) \
            and stored.uploaded_by_id == user.id:
        return True
    return can_moderate(user, stored_municipality(stored))


def stored_municipality(stored):
    from flask import g

    municipality = g.get("municipality")
    return municipality if municipality is not None and municipality.id == stored.municipality_id \
        else None
