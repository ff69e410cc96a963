"""Who may do what with ideas. Pure predicates over the user, the object and the municipality
(the block check inside `can_post` is one query)."""
from __future__ import annotations

from datetime import datetime, timedelta

from app.accounts.permissions import can_administer, can_moderate
from app.core.clock import aware, utcnow
from app.moderation.models import ModerationState
from app.moderation.permissions import can_post, can_see, is_author

#: how long the author may edit a comment
COMMENT_EDIT_WINDOW = timedelta(minutes=15)


def can_submit_idea(user, municipality) -> bool:
    """Signed-in, verified users who are not blocked in the municipality."""
    return can_post(user, municipality)


def can_view_idea(user, idea, municipality) -> bool:
    """Published ideas: everyone; others: the author and the municipality's moderators."""
    return can_see(user, idea, municipality)


def can_support(user, idea, municipality) -> bool:
    """Users who may post, on a published idea (their own included)."""
    return idea.moderation_state is ModerationState.published and can_post(user, municipality)


def can_comment(user, idea, municipality) -> bool:
    """Users who may post, on a published idea; refuses everyone else."""
    return idea.moderation_state is ModerationState.published and can_post(user, municipality)


def can_edit_comment(user, comment, municipality, now: datetime | None = None) -> bool:
    """The author, within the edit window, while the comment is not rejected or hidden and the
    author is not blocked; refuses everyone else (moderators included)."""
    if not is_author(user, comment) or not can_post(user, municipality):
        return False
    if comment.moderation_state in (ModerationState.rejected, ModerationState.hidden):
        return False
    return aware(now or utcnow()) - comment.created_at <= COMMENT_EDIT_WINDOW


def can_answer_idea(user, idea, municipality) -> bool:
    """The municipality's moderators and admins, on a published idea."""
    return idea.moderation_state is ModerationState.published and can_moderate(user, municipality)


def can_manage_themes(user, municipality) -> bool:
    """Admins of the municipality only."""
    return can_administer(user, municipality)


def is_staff(user, municipality) -> bool:
    """Whether `user` speaks for the municipality (its moderators and admins)."""
    return can_moderate(user, municipality)
