"""Texts written in bokmål and/or nynorsk, shown in the reader's written form where it exists."""
from __future__ import annotations

from flask_babel import get_locale


class LocalText(str):
    """A text and the written form it is in (for a `lang` attribute when it differs)."""

    lang: str = "nb"

    def __new__(cls, value: str, lang: str):
        text = super().__new__(cls, value)
        text.lang = lang
        return text


def reading_order(locale: str | None = None) -> tuple[str, str]:
    """nn readers get nynorsk first; everyone else bokmål first."""
    locale = locale or str(get_locale() or "nb")
    return ("nn", "nb") if locale == "nn" else ("nb", "nn")


def localized(obj, field: str, locale: str | None = None) -> LocalText:
    """`obj.<field>_nb` or `obj.<field>_nn`, whichever suits the reader and is filled in."""
    for lang in reading_order(locale):
        value = (getattr(obj, f"{field}_{lang}", "") or "").strip()
        if value:
            return LocalText(value, lang)
    return LocalText("", reading_order(locale)[0])
