"""Who may do what with surveys. Pure predicates."""
from __future__ import annotations

from app.accounts.permissions import can_administer
from app.surveys.models import Phase


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def can_manage_surveys(user, municipality) -> bool:
    """Build, publish, read results and export: admins of this municipality only."""
    return can_administer(user, municipality)


def can_view_survey(user, survey) -> bool:
    """Published surveys: everyone. Drafts: the municipality's admins only (others get a 404)."""
    return survey.phase is not Phase.draft or can_manage_surveys(user, survey.municipality)


def can_answer(user, survey) -> bool:
    """An open survey; one that needs a log-in refuses anyone not signed in."""
    if survey.phase is not Phase.open:
        return False
    return _signed_in(user) or not survey.requires_login


def can_see_public_results(user, survey) -> bool:
    """The public summary of a published survey whose admins chose to show it; admins always."""
    if can_manage_surveys(user, survey.municipality):
        return True
    return survey.public_results and survey.phase in (Phase.open, Phase.closed)
