"""The words of the idea cards, made once per request instead of once per card.

A list of twenty cards used to call gettext about seventy times and Babel's number and date
formatting forty times; most of those give the same answer (the same status, theme, count,
day or goal). `CardWords` translates and formats each distinct value once and keeps it for the
rest of the page. Build one per list page (never keep one across requests: the language and
the municipality are the request's).

`CardWords.cards` renders the cards, each kept as a fragment by everything it shows
(app/core/cache/fragments.py): a search or a filter shows cards another page already rendered.
"""
from __future__ import annotations

from datetime import datetime

from flask import url_for
from flask_babel import get_translations, gettext as _
from markupsafe import Markup, escape

from app.core.cache import fragments
from app.core.clock import to_oslo
from app.core.i18n import format_date, format_number
from app.core.vocabulary import sdg_label, theme_label
from app.ideas.labels import status_label


def _memo(function):
    cache: dict = {}

    def cached(key):
        if key not in cache:
            cache[key] = function(key)
        return cache[key]

    return cached


class CardWords:
    """Labels, links and formatted values for idea cards, each computed once per request."""

    def __init__(self, theme_names: dict[str, str], detail_prefix: str):
        self._theme_names = theme_names
        #: the ideas list's path; an idea's page is this path plus its id (CONTRACT.md)
        self._prefix = detail_prefix
        self._by = _("by %(name)s")
        self.deleted_user = _("a deleted user")
        self.including_you = _("including you")
        self.goals = _("Goals:")
        self.status = _memo(lambda status: str(status_label(status)))
        self.theme = _memo(self._theme)
        # named `ungettext`, one of the names the message extractor looks for (`plural(...)`
        # was not, and "%(num)s comments" stayed English); the number formatted ("1 234")
        ungettext = get_translations().ungettext
        self.supporters = _memo(lambda n: ungettext(
            "%(num)s supporter", "%(num)s supporters", n) % {"num": format_number(n)})
        self.comments = _memo(lambda n: ungettext(
            "%(num)s comment", "%(num)s comments", n) % {"num": format_number(n)})
        self.goal = _memo(self._goal)
        self._day = _memo(format_date)

    def cards(self, ideas, supported) -> Markup:
        """The cards of `ideas` (ideas/_card.html); `supported`: the ids the reader supports."""
        return fragments.render_many("idea-card", "ideas/_card.html", ideas,
                                     lambda idea: self.shown(idea, supported), item_name="idea",
                                     words=self, supported=supported)

    def shown(self, idea, supported) -> tuple:
        """Every value an idea's card shows, but the language (the fragment's key): a card
        that shows something else is another fragment. Add here what _card.html starts to show."""
        image, author = idea.image, idea.author
        return (self._prefix, idea.id, idea.title, idea.status.value, idea.theme,
                self._theme_names.get(idea.theme), author.display_name if author else None,
                idea.created_at.isoformat(), idea.support_count, idea.comment_count,
                idea.id in supported, tuple(idea.sdgs),
                (image.id, image.alt_text, image.width, image.height) if image else None)

    def detail_url(self, idea_id: int) -> str:
        return f"{self._prefix}{idea_id}"

    def by(self, author) -> str:
        return self._by % {"name": author.display_name if author else self.deleted_user}

    def date(self, moment: datetime) -> str:
        return self._day(to_oslo(moment).date())

    def _theme(self, key: str) -> Markup:
        label = theme_label(key)
        if label:
            return Markup('<a href="{}">{}</a>').format(url_for("network.theme", key=key), label)
        return escape(self._theme_names.get(key, key))

    def _goal(self, number: int) -> Markup:
        label = sdg_label(number)
        return Markup('<a href="{}" title="{}">{}<span class="visually-hidden">. {}</span></a>'
                      ).format(url_for("network.goal", number=number), label, number, label)
