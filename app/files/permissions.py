"""Who may download a stored file. Pure predicates."""
from __future__ import annotations

from app.accounts.permissions import can_moderate


def can_view_file(user, stored, municipality) -> bool:
    """Public files: everyone. Others: the uploader, and the moderators and admins of the
    municipality that owns the file; refuses everyone else, staff of other municipalities included."""
    if stored.is_public:
        return True
    if user is not None and getattr(user, "is_authenticated", False) \
            and stored.uploaded_by_id == user.id:
        return True
    owner = municipality if municipality is not None \
        and municipality.id == stored.municipality_id else None
    return can_moderate(user, owner)
