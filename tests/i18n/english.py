"""Find English message ids where a Norwegian (or Sami) reader should see a translation.

`english_patterns(locale)` turns the catalog into patterns: every msgid whose translation for
`locale` (se: its own, else the bokmål fallback) differs, that is long enough to be unambiguous
and that does not also occur inside a translation (then the words are Norwegian too).
`visible_text(html)` is what a reader sees of a page, without scripts, styles, code and elements
in another language than the page (`lang="en"` on the language switch, user content in the other
written form). `english_in(text, patterns)` names the English messages found.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser

from tests.i18n.catalogs import _PLACEHOLDER, forms, load_po

#: elements whose content a reader never sees as text, or sees as machine text (the audit
#: log's `<code>{"state": "published"}</code>`), not as a message
INVISIBLE = {"script", "style", "template", "code", "samp", "kbd"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}
#: attributes a reader (or a screen reader) gets as text
TEXT_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description"}


@dataclass(frozen=True)
class EnglishMessage:
    msgid: str
    translation: str
    pattern: re.Pattern
    #: the longest word of the msgid: a text without it cannot hold the message
    anchor: str


@dataclass
class VisibleText:
    lang: str
    text: str


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.parts: list[str] = []
        self._skip: list = []  # [tag, depth] of the element being skipped, if any

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang") or ""
            return
        if self._skip:
            if tag == self._skip[0] and tag not in VOID:
                self._skip[1] += 1
            return
        lang = attributes.get("lang")
        if tag in INVISIBLE or (lang is not None and lang != self.lang):
            if tag not in VOID:
                self._skip = [tag, 1]
            return
        for name, value in attrs:
            if value and (name in TEXT_ATTRIBUTES or name.startswith("data-text")):
                self.parts.append(value)
        if tag == "input" and attributes.get("type") in {"submit", "button", "reset"}:
            self.parts.append(attributes.get("value") or "")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self._skip and self._skip[0] == tag and tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self._skip and tag == self._skip[0]:
            self._skip[1] -= 1
            if not self._skip[1]:
                self._skip = []

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> VisibleText:
    """The page's language (`<html lang>`) and its visible text, whitespace collapsed, one
    text node or attribute per line."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (" ".join(part.split()) for part in parser.parts)
    return VisibleText(parser.lang, "\n".join(line for line in lines if line))


# --- the catalog as patterns -----------------------------------------------------------

def _literal_words(msgid: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", _PLACEHOLDER.sub(" ", msgid))


def unambiguous(msgid: str) -> bool:
    """Long enough that finding it in a Norwegian page means English: two words or eight
    letters outside the placeholders, or a number placeholder with a word (`%(count)d ideas`)."""
    words = _literal_words(msgid)
    if len(words) >= 2 or sum(len(word) for word in words) >= 8:
        return True
    return any(map(_numeric, _PLACEHOLDER.finditer(msgid))) and any(len(w) >= 4 for w in words)


#: `%(num)s` placeholders are filled with a formatted number (`1 234`)
NUMBER_NAMES = {"num", "count", "n", "number", "total"}


def _numeric(match) -> bool:
    return match.group("type") in "di" or match.group("name") in NUMBER_NAMES


def _pattern(msgid: str) -> re.Pattern:
    pieces, last = [], 0
    for match in _PLACEHOLDER.finditer(msgid):
        pieces.append(_flexible(msgid[last:match.start()]))
        if match.group("type") == "%":
            pieces.append("%")
        elif _numeric(match):
            pieces.append(r"\d(?:[\d.,\u00a0\u202f ]*\d)?")
        else:
            pieces.append(r"[^\n]{1,200}?")
        last = match.end()
    pieces.append(_flexible(msgid[last:]))
    body = "".join(pieces)
    start = r"(?<![^\W_])" if re.match(r"\w", msgid) else ""
    end = r"(?![^\W_])" if re.search(r"\w$", msgid) else ""
    return re.compile(start + body + end)


def _flexible(literal: str) -> str:
    """The literal with any run of whitespace matching any whitespace (text is collapsed)."""
    return r"\s+".join(re.escape(part) for part in re.split(r"\s+", literal))


@cache
def _catalog(locale: str):
    return load_po(locale)


def _translation(locale: str, message, index: int) -> str:
    for source in ((locale, "nb") if locale != "nb" else ("nb",)):
        found = _catalog(source).get(message.id, context=message.context)
        if found is not None:
            strings = forms(found.string)
            text = strings[min(index, len(strings) - 1)] if strings else ""
            if text:
                return text
    return ""


@cache
def english_patterns(locale: str) -> tuple[EnglishMessage, ...]:
    """The English messages that must not appear on a page in `locale` (nb, nn or se)."""
    candidates, translations = [], []
    for message in _catalog("nb"):
        if not message.id:
            continue
        for index, msgid in enumerate(forms(message.id)):
            translation = _translation(locale, message, index)
            translations.append(translation)
            if translation and translation.strip().lower() != msgid.strip().lower():
                candidates.append((msgid, translation))
    norwegian = "\n".join(translations)
    found = {}
    for msgid, translation in candidates:
        if not unambiguous(msgid):
            continue
        pattern = _pattern(msgid)
        if pattern.search(norwegian):  # e.g. a name, or words Norwegian shares with English
            continue
        anchor = max(_literal_words(msgid), key=len)
        found.setdefault(msgid, EnglishMessage(msgid, translation, pattern, anchor))
    return tuple(found.values())


def english_in(text: str, patterns) -> list[str]:
    """`msgid -> what was found` for every English message in `text`."""
    hits, words = [], set(re.findall(r"[^\W\d_]+", text))
    for message in patterns:
        match = message.anchor in words and message.pattern.search(text)
        if match:
            hits.append(f"{match.group(0)!r} (msgid {message.msgid!r}, "
                        f"should read {message.translation!r})")
    return hits


def english_on_page(html: str, locale: str) -> list[str]:
    """The English messages visible on a page served in `locale`."""
    page = visible_text(html)
    assert page.lang == locale, f"page is in {page.lang!r}, expected {locale!r}"
    return english_in(page.text, english_patterns(locale))
