"""Who may do what with consultations. Pure predicates for views, templates and the API."""
from __future__ import annotations

from app.accounts.permissions import can_administer, can_moderate, is_signed_in
from app.consultations.models import AnswerStatus, AnswerVisibility, Phase


def _own(user, answer) -> bool:
    return is_signed_in(user) and answer.author_id is not None and answer.author_id == user.id


def can_manage_consultations(user, municipality) -> bool:
    """Create, edit, publish, invite, conclude and export: the municipality's admins only.

    Refuses moderators, residents, network admins and admins of other municipalities."""
    return can_administer(user, municipality)


def can_view_consultation(user, consultation) -> bool:
    """Published consultations are public; a draft only to the municipality's admins."""
    if consultation.phase is not Phase.draft:
        return True
    return can_manage_consultations(user, consultation.municipality)


def can_answer(user, consultation) -> bool:
    """Any signed-in, active account while the consultation is open (a høring is open to
    everyone, not only residents). Refuses before opening and after the deadline."""
    return is_signed_in(user) and consultation.phase is Phase.open


def can_change_answer(user, answer) -> bool:
    """The sender, until the deadline, unless the answer was withdrawn or rejected."""
    return (_own(user, answer) and answer.consultation.phase is Phase.open
            and answer.status in (AnswerStatus.pending, AnswerStatus.approved))


def answers_are_public(consultation) -> bool:
    """Whether approved answers are shown to everyone now: at once, or after the deadline,
    as the consultation was set up."""
    if consultation.answer_visibility is AnswerVisibility.immediately:
        return consultation.phase in (Phase.open, Phase.closed, Phase.concluded)
    return consultation.phase in (Phase.closed, Phase.concluded)


def can_see_answer(user, answer) -> bool:
    """Approved answers once answers are public; any answer to its sender and to the
    municipality's moderators and admins. Refuses withdrawn answers to the public."""
    if _own(user, answer) or can_moderate(user, answer.consultation.municipality):
        return True
    return answer.is_approved and answers_are_public(answer.consultation)


def can_moderate_answers(user, municipality) -> bool:
    """The municipality's moderators and admins."""
    return can_moderate(user, municipality)
