"""Who may moderate, post, see and report. Pure predicates (the block check is one query)."""
from __future__ import annotations

from sqlalchemy import select

from app.accounts.permissions import can_administer, can_moderate, is_signed_in
from app.core.extensions import db
from app.moderation.models import Block, ModerationState
from app.moderation.registry import type_of

__all__ = ["can_moderate", "can_read_audit_log", "can_change_settings", "can_post", "can_see",
           "can_report", "is_blocked", "is_author", "takes_part"]


def can_read_audit_log(user, municipality) -> bool:
    """Admins of this municipality; refuses moderators, residents and other municipalities."""
    return can_administer(user, municipality)


def can_change_settings(user, municipality) -> bool:
    """Admins of this municipality change the report threshold and the reasons; refuses
    moderators, residents and other municipalities."""
    return can_administer(user, municipality)


def is_blocked(user, municipality) -> bool:
    """Whether a signed-in user is blocked from posting in this municipality."""
    if not is_signed_in(user) or municipality is None:
        return False
    return db.session.scalar(select(Block.id).where(
        Block.municipality_id == municipality.id, Block.user_id == user.id)) is not None


def can_post(user, municipality) -> bool:
    """Signed-in, verified users not blocked in this municipality; refuses everyone else."""
    if not is_signed_in(user) or municipality is None or not user.is_verified:
        return False
    return not is_blocked(user, municipality)


def takes_part(user, municipality) -> bool:
    """Whether the account belongs to the municipality's participants: one who may post there
    and either has a role there (resident, moderator or admin) or has no role anywhere (an
    account registered on the web, which belongs to no municipality in particular). Refuses
    accounts whose roles are all in other municipalities, blocked, deactivated and unverified
    accounts."""
    if not can_post(user, municipality):
        return False
    return user.role_in(municipality) is not None or not user.memberships


def is_author(user, item) -> bool:
    """Whether the signed-in user wrote the item."""
    return is_signed_in(user) and item.author_id is not None and item.author_id == user.id


def can_see(user, item, municipality) -> bool:
    """Published items (inside a public parent, if any): everyone. Pending, rejected or hidden
    ones: their author and the municipality's moderators; refuses everyone else (and items of
    another municipality)."""
    if municipality is None or item.municipality_id != municipality.id:
        return False
    if can_moderate(user, municipality):
        return True
    if not _parent_public(item):
        return False
    return item.moderation_state is ModerationState.published or is_author(user, item)


def _parent_public(item) -> bool:
    check = type_of(item).parent_public
    return check is None or check(item)


def can_report(user, item, municipality) -> bool:
    """Users who may post, on a published item of someone else; refuses the author."""
    return (item.moderation_state is ModerationState.published and _parent_public(item)
            and can_post(user, municipality) and not is_author(user, item))
