"""Who may do what with experiences. Pure predicates."""
from __future__ import annotations

from app.accounts.permissions import can_administer


def can_manage_experiences(user, municipality) -> bool:
    """The municipality's admins write, publish and delete its experiences; refuses moderators,
    residents, network admins and admins of other municipalities."""
    return can_administer(user, municipality)


def is_public(experience) -> bool:
    """A published experience of an active member; refuses drafts and inactive municipalities."""
    return bool(experience is not None and experience.is_published
                and experience.municipality is not None and experience.municipality.is_active)
