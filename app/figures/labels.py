"""What the figures pages call things, looked up when a page is drawn (never at import time)."""
from __future__ import annotations

from datetime import date, timedelta

from babel.dates import format_date
from flask_babel import get_locale, gettext as _, lazy_gettext as _l, ngettext

from app.core.i18n import FORMAT_AS_NB, format_number
from app.core.vocabulary import theme_label
from app.figures.openness import OTHER_REASON
from app.figures.queries import NO_THEME
from app.moderation.labels import DECISION_DONE, REPORT_REASONS
from app.moderation.models import ReportReason

#: the kinds of contribution (app.figures.queries.KINDS), plural, as table columns
KIND_LABELS = {
    "idea": _l("Ideas"),
    "comment": _l("Comments"),
    "answer": _l("Consultation answers"),
    "response": _l("Survey responses"),
    "ballot": _l("Ballots"),
    "support": _l("Supports"),
}

CHANNEL_LABELS = {
    "tinget": _l("On Tinget"),
    "embed": _l("Embedded survey"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS[kind])


def channel_label(channel: str) -> str:
    return str(CHANNEL_LABELS[channel])


def theme_name(key: str) -> str:
    """A network theme's name; contributions outside the seven themes are "No network theme"."""
    return _("No network theme") if key == NO_THEME else theme_label(key)


def month_name(key: str) -> str:
    """ "2026-03" as "mars 2026" in the reader's language."""
    year, month = (int(part) for part in key.split("-"))
    locale = str(get_locale() or "nb")
    return format_date(date(year, month, 1), "LLLL y", locale="nb" if locale in FORMAT_AS_NB
                       else locale)


def decision_label(decision: str) -> str:
    return str(DECISION_DONE[decision])


def reason_label(category: str) -> str:
    """A reason category: the municipality's own reason, or "another reason"."""
    return _("Another reason") if category == OTHER_REASON else category


def report_reason_label(value: str) -> str:
    return str(REPORT_REASONS[ReportReason(value)])


def duration(value: timedelta | None) -> str:
    """A median time in words: minutes under an hour, hours under two days, days beyond."""
    if value is None:
        return "–"
    minutes = value.total_seconds() / 60
    if minutes < 60:
        n = round(minutes)
        return ngettext("%(count)s minute", "%(count)s minutes", n, count=format_number(n))
    hours = minutes / 60
    if hours < 48:
        n = round(hours, 1)
        return ngettext("%(count)s hour", "%(count)s hours", 1 if n == 1 else 2,
                        count=format_number(n, 1 if n % 1 else 0))
    days = round(hours / 24, 1)
    return ngettext("%(count)s day", "%(count)s days", 1 if days == 1 else 2,
                    count=format_number(days, 1 if days % 1 else 0))
