"""The moderated content types: what the queue, decisions, reports and the audit log work through."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class ModeratedType:
    #: the model's class name in lower case, e.g. "idea": used in URLs, reports and as the
    #: audit log's object_type, so it stays stable
    key: str
    model: type
    label: Any
    #: a short heading for the item in the queue
    title: Callable[[Any], str]
    #: the item's content as sanitised HTML
    body_html: Callable[[Any], str]
    #: where the public sees the item (its page, or its parent's)
    public_url: Callable[[Any], str]
    #: called after every decision with (item, ModerationDecision): counters, history, files
    on_decided: Callable[[Any, Any], None] | None = None
    #: for items shown inside another (a comment on an idea): whether that parent is public
    parent_public: Callable[[Any], bool] | None = None


_TYPES: dict[str, ModeratedType] = {}


def register_type(model: type, *, label, title, body_html, public_url,
                  on_decided=None, parent_public=None) -> ModeratedType:
    """Make `model` (a TenantMixin + ModeratedMixin model) moderatable; its key is its class
    name in lower case, the same name the audit log gives it."""
    key = model.__name__.lower()
    entry = ModeratedType(key=key, model=model, label=label, title=title,
                          body_html=body_html, public_url=public_url, on_decided=on_decided,
                          parent_public=parent_public)
    _TYPES[key] = entry
    model.moderation_key = key
    return entry


def types() -> list[ModeratedType]:
    return list(_TYPES.values())


def get_type(key: str) -> ModeratedType | None:
    return _TYPES.get(key)


def type_of(item) -> ModeratedType:
    return _TYPES[type(item).moderation_key]
