"""Residents' texts in the other written form: "Vis på nynorsk" / "Vis på bokmål".

Ideas and comments are shown as written. Each records the written form it was written in
(`written_form`, NULL = the municipality's default). A reader whose written form differs from the
idea's (or a comment's) is offered a plain link (`?omsett=nn`, the reader's own form); with it,
the idea's title and body and every comment written in the other form are shown machine-translated (app/core/translation.py), read from the
cache in one query and made in one engine call. The originals are never changed. Without an engine
the link is not offered and the parameter is ignored.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app, has_request_context
from flask_babel import get_locale

from app.core.i18n import WRITTEN_FORMS, preferred_written_form
from app.core.translation import (
    Translation, TranslationUnavailable, cached_translations, can_translate,
)
from app.ideas.models import Idea, IdeaComment

#: the query parameter that asks for the page in a written form
PARAMETER = "omsett"


def author_written_form(municipality) -> str:
    """The written form a text being submitted now is taken to be in: the author's interface
    language when it is nb or nn, else the municipality's default written form, else bokmål."""
    if has_request_context():
        locale = str(get_locale() or "")
        if locale in WRITTEN_FORMS:
            return locale
    default = getattr(municipality, "default_locale", None)
    return default if default in WRITTEN_FORMS else "nb"


def source_form(item, municipality) -> str:
    """The written form an idea or comment is in (a NULL `written_form` is the municipality's
    default written form)."""
    if item.written_form in WRITTEN_FORMS:
        return item.written_form
    default = getattr(municipality, "default_locale", None)
    return default if default in WRITTEN_FORMS else "nb"


def _other(form: str) -> str:
    return "nn" if form == "nb" else "nb"


@dataclass
class Reading:
    """How the idea page shows its texts: `offer` is the written form of the "Vis på …" link
    (None: no link), `target` the form the page is translated into (None: as written)."""

    offer: str | None = None
    target: str | None = None
    failed: bool = False
    texts: dict[str, Translation] = field(default_factory=dict)

    def title(self, idea: Idea) -> Translation | None:
        return self.texts.get(f"idea:{idea.id}:title")

    def body(self, idea: Idea) -> Translation | None:
        return self.texts.get(f"idea:{idea.id}:body")

    def comment(self, comment: IdeaComment) -> Translation | None:
        return self.texts.get(f"comment:{comment.id}:body")

    @property
    def translated(self) -> bool:
        return bool(self.texts)


def reading_for(idea: Idea, comments: list[IdeaComment], asked: str | None,
                municipality) -> Reading:
    """The idea page's reading. The link is offered when the idea or a comment is in the other
    written form than the reader's and the engine translates it. `asked` (the `?omsett=` value)
    is honoured when it is the reader's written form: the idea and the comments written in the
    other form are translated (cached rows flushed; the view commits). Never raises: when the
    engine fails, the page is shown as written with `failed` set."""
    reader = preferred_written_form()
    source = _other(reader)
    items = [idea, *comments]
    if not any(source_form(item, municipality) == source for item in items) \
            or not can_translate(source, reader):
        return Reading()
    reading = Reading(offer=reader)
    if asked != reader:
        return reading
    reading.target = reader
    texts = []
    if source_form(idea, municipality) == source:
        texts += [(f"idea:{idea.id}:title", idea.title, False),
                  (f"idea:{idea.id}:body", idea.body_html, True)]
    texts += [(f"comment:{c.id}:body", c.body_html, True) for c in comments
              if source_form(c, municipality) == source]
    try:
        reading.texts = cached_translations(texts, source, reader)
    except TranslationUnavailable:
        current_app.logger.warning("machine translation of idea %s failed", idea.id, exc_info=True)
        reading.failed = True
    return reading
