"""Who may do what with surveys. Pure predicates: no database writes, no request state."""
from __future__ import annotations

from app.accounts.permissions import can_administer
from app.surveys.models import Phase


def is_signed_in(user) -> bool:
    """An active, logged-in account; refuses None, anonymous visitors and deactivated accounts."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def can_manage_surveys(user, municipality) -> bool:
    """Build, preview, publish, close, delete, read results and export: admins of this
    municipality only; refuses residents, moderators and admins of other municipalities."""
    return can_administer(user, municipality)


def can_view_survey(user, survey) -> bool:
    """Published surveys (upcoming, open or closed): everyone. Drafts: the municipality's admins
    only; everyone else is refused (and gets a 404, so drafts cannot be probed)."""
    return survey.phase is not Phase.draft or can_manage_surveys(user, survey.municipality)


def can_answer(user, survey) -> bool:
    """An open survey; refuses drafts, upcoming and closed ones, and, for a survey that needs a
    log-in, anyone not signed in."""
    if survey.phase is not Phase.open:
        return False
    return is_signed_in(user) or not survey.requires_login


def can_see_public_results(user, survey) -> bool:
    """The public summary of an open or closed survey whose admins chose to show it; the
    municipality's admins always. Refuses everyone else (drafts, upcoming, summary not chosen)."""
    if can_manage_surveys(user, survey.municipality):
        return True
    return survey.public_results and survey.phase in (Phase.open, Phase.closed)
