"""The page the public gets for an item a moderator has taken down: 410 Gone with the reason's
category, instead of a bare 404. Unpublished, rejected and never-existing items stay 404.

An area's view calls `refuse_unseen(item)` where it would `abort(404)` for an item the visitor
may not see; the page is rendered by the handler below (registered with the blueprint).
"""
from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.exceptions import HTTPException, NotFound

from app.core.extensions import db
from app.moderation import bp
from app.moderation.labels import DEFAULT_REASONS
from app.moderation.models import (
    ModeratedMixin, ModerationDecision, ModerationReason, ModerationState,
)
from app.moderation.registry import type_of

#: said when the reason matches none of the municipality's categories
OTHER_REASON = _l("It broke the rules for contributions.")
#: said while reports keep an item hidden until a moderator looks at it
AFTER_REPORTS = _l("Readers reported it, and it is hidden until a moderator has looked at it.")


class ItemRemoved(HTTPException):
    """410: a moderator (or the report threshold) took the item down."""

    code = 410

    def __init__(self, item: ModeratedMixin, category: str):
        super().__init__(description=_("Removed by the moderator"))
        self.item = item
        self.category = category


def refuse_unseen(item: ModeratedMixin):
    """Raise ItemRemoved for an item taken down after publication, else 404 (NotFound)."""
    if item is not None and item.moderation_state is ModerationState.hidden:
        raise ItemRemoved(item, removal_category(item))
    raise NotFound()


def removal_category(item: ModeratedMixin) -> str:
    """Why the item was taken down, as the category (reason) the moderator picked from the
    municipality's list, never the free-text explanation written to the author."""
    if item.hidden_by_reports:
        return str(AFTER_REPORTS)
    decision = db.session.scalar(
        select(ModerationDecision).where(
            ModerationDecision.municipality_id == item.municipality_id,
            ModerationDecision.object_type == type_of(item).key,
            ModerationDecision.object_id == item.id,
            ModerationDecision.to_state == ModerationState.hidden.value)
        .order_by(ModerationDecision.created_at.desc(), ModerationDecision.id.desc()).limit(1))
    reason = (decision.reason or "").strip() if decision is not None else ""
    return _category(reason, _categories(item.municipality_id))


def _categories(municipality_id: int) -> list[str]:
    """The municipality's reasons, saved or (until it saves its own) the defaults, in both
    written forms: a decision stores the reason's text as it was picked."""
    saved = list(db.session.scalars(select(ModerationReason.text).where(
        ModerationReason.municipality_id == municipality_id)))
    defaults = []
    for locale in ("nb", "nn"):
        with force_locale(locale):
            defaults += [str(text) for text in DEFAULT_REASONS]
    return saved + defaults


def _category(reason: str, categories: list[str]) -> str:
    """The category `reason` starts with (the form joins it to the note with " – ")."""
    for text in sorted(categories, key=len, reverse=True):
        if text and (reason == text or reason.startswith(text + " – ")):
            return text
    return str(OTHER_REASON)


@bp.app_errorhandler(ItemRemoved)
def removed_page(error: ItemRemoved):
    return render_template("moderation/removed.html", kind=type_of(error.item),
                           category=error.category,
                           by_reports=error.item.hidden_by_reports), 410

