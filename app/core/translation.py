"""Machine translation between the written forms (bokmål ↔ nynorsk), behind one small interface.

An *engine* translates a list of plain-text segments from one language to another. Tinget ships one,
Apertium (Debian's `apertium-nno-nob`, rule-based, offline); another (for Sami, say) is added with
`register_engine(name, factory)` and chosen with the `TRANSLATION_ENGINE` setting ("" turns the
feature off). When the engine is missing, `can_translate()` is False and every caller hides the
feature: nothing else breaks.

Text is never sent whole: `translate_text` (plain text or Markdown source) keeps web addresses,
e-mail addresses and Markdown link targets out of the engine, and `translate_html` translates only
the text between the tags, so markup, links and attributes come back exactly as they went in. All
segments of one text go to the engine in one call.

`cached_translation(subject, text, source, target)` keeps one translation per subject (e.g.
"idea:12:body") and target language, with a hash of the original: an edited original no longer
matches its hash and is translated again (the row is overwritten), so a stale translation is never
shown. The caller commits.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from typing import Callable, Protocol

from flask import current_app
from markupsafe import escape
from sqlalchemy import Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import UTCDateTime, utcnow
from app.core.extensions import db


class TranslationUnavailable(Exception):
    """The engine is missing, refused the text or took too long."""


class Engine(Protocol):
    name: str

    def pairs(self) -> frozenset[tuple[str, str]]:
        """The (source, target) language pairs this engine can translate now ('nb', 'nn', …)."""

    def translate_segments(self, segments: list[str], source: str, target: str) -> list[str]:
        """Each segment translated on its own; same length and order as `segments`."""


class Apertium:
    """The Apertium command line in null-flush mode: segments separated by NUL, translated one by
    one in a single process, so a word never moves from one segment into another."""

    name = "apertium"
    #: the modes for each pair, best first: into nynorsk with e-infinitives and "vi" ("Vi ønskjer
    #: å høyre frå deg"), the style most municipalities write, else Apertium's default
    MODES = {("nb", "nn"): ("nob-nno_e", "nob-nno"), ("nn", "nb"): ("nno-nob",)}
    #: characters the Apertium stream format reserves (escaped with a backslash on the way in)
    _RESERVED = frozenset("\\[]^$/@<>{}*")
    _UNESCAPE = re.compile(r"\\(.)", re.DOTALL)

    def __init__(self, executable: str = "apertium", timeout: float = 60.0):
        self.executable = executable
        self.timeout = timeout
        self._modes: dict[tuple[str, str], str] | None = None

    def pairs(self) -> frozenset[tuple[str, str]]:
        return frozenset(self._installed_modes())

    def _installed_modes(self) -> dict[tuple[str, str], str]:
        if self._modes is None:
            self._modes = {}
            path = shutil.which(self.executable)
            try:
                listed = set(subprocess.run([path, "-l"], capture_output=True, text=True,
                                            timeout=10).stdout.split()) if path else set()
            except (OSError, subprocess.SubprocessError):
                listed = set()
            for pair, modes in self.MODES.items():
                usable = [mode for mode in modes if mode in listed]
                if usable:
                    self._modes[pair] = usable[0]
        return self._modes

    def translate_segments(self, segments: list[str], source: str, target: str) -> list[str]:
        mode = self._installed_modes().get((source, target))
        if mode is None:
            raise TranslationUnavailable(f"{self.name} cannot translate {source}→{target}")
        # Each segment ends with a newline before its NUL: Apertium drops a final full stop
        # right before a NUL, never before a newline.
        data = "".join(self._escape(segment) + "\n\0" for segment in segments)
        try:
            done = subprocess.run([shutil.which(self.executable) or self.executable, "-u", "-z",
                                   "-f", "none", mode], input=data.encode(), capture_output=True,
                                  timeout=self.timeout)
        except (OSError, subprocess.SubprocessError) as error:
            raise TranslationUnavailable(str(error)) from error
        if done.returncode != 0:
            raise TranslationUnavailable(done.stderr.decode(errors="replace")[:500])
        parts = done.stdout.decode().split("\0")
        if len(parts) < len(segments):
            raise TranslationUnavailable("the engine returned fewer segments than it was given")
        return [self._unescape(part.removesuffix("\n")) for part in parts[:len(segments)]]

    def _escape(self, text: str) -> str:
        return "".join("\\" + char if char in self._RESERVED else char
                       for char in text.replace("\0", ""))

    def _unescape(self, text: str) -> str:
        return self._UNESCAPE.sub(r"\1", text)


_ENGINES: dict[str, Callable[[], Engine]] = {"apertium": Apertium}
_instances: dict[str, Engine] = {}


def register_engine(name: str, factory: Callable[[], Engine]) -> None:
    """Make another engine available to the TRANSLATION_ENGINE setting."""
    _ENGINES[name] = factory
    _instances.pop(name, None)


def engine() -> Engine | None:
    """The configured engine, or None when translation is turned off or unknown."""
    name = current_app.config.get("TRANSLATION_ENGINE", "apertium") or ""
    if name not in _ENGINES:
        return None
    if name not in _instances:
        _instances[name] = _ENGINES[name]()
    return _instances[name]


def can_translate(source: str, target: str) -> bool:
    """True when the configured engine translates source → target (e.g. 'nb' → 'nn')."""
    if source == target:
        return False
    found = engine()
    return found is not None and (source, target) in found.pairs()


# --- texts -----------------------------------------------------------------------------------

#: what is never sent to the engine: web and e-mail addresses, and Markdown link targets "](...)"
_PROTECTED = re.compile(
    r"\]\([^)\s]*\)"                       # a Markdown link's target
    r"|(?:https?://|www\.)[^\s<>\"')\]]+"  # a web address
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"       # an e-mail address
)

# A text is a list of pieces (kind, string): TEXT is translated, KEEP (an address) and MARKUP (a
# tag) are not. In HTML, TEXT and KEEP are decoded text and are escaped again on the way out.
TEXT, KEEP, MARKUP = "text", "keep", "markup"


def _split(text: str) -> list[tuple[str, str]]:
    """The text's pieces, in order: addresses KEEP, the rest TEXT."""
    pieces, position = [], 0
    for match in _PROTECTED.finditer(text):
        if match.start() > position:
            pieces.append((TEXT, text[position:match.start()]))
        pieces.append((KEEP, match.group()))
        position = match.end()
    if position < len(text):
        pieces.append((TEXT, text[position:]))
    return pieces


def _translate_many(texts: list[tuple[list[tuple[str, str]], bool]], source: str,
                    target: str) -> list[str]:
    """Each (pieces, html) translated and put back together; ONE call to the engine for all."""
    found = engine()
    if found is None:
        raise TranslationUnavailable("translation is turned off")
    todo = [piece for pieces, _ in texts for kind, piece in pieces if kind == TEXT and piece.strip()]
    translated = iter(found.translate_segments(todo, source, target) if todo else [])
    results = []
    for pieces, html in texts:
        out = []
        for kind, piece in pieces:
            if kind == TEXT and piece.strip():
                lead = piece[:len(piece) - len(piece.lstrip())]
                trail = piece[len(piece.rstrip()):]
                piece = lead + next(translated).strip() + trail
            out.append(str(escape(piece)) if html and kind != MARKUP else piece)
        results.append("".join(out))
    return results


def _pieces(text: str, html: bool) -> list[tuple[str, str]]:
    if not html:
        return _split(text)
    parser = _Pieces()
    parser.feed(text)
    parser.close()
    return parser.pieces


def translate_text(text: str, source: str, target: str) -> str:
    """Plain text or Markdown source, translated; addresses and link targets untouched, the
    whitespace around each piece kept."""
    if not text or not text.strip():
        return text or ""
    return _translate_many([(_pieces(text, False), False)], source, target)[0]


def translate_texts(texts: list[str], source: str, target: str) -> list[str]:
    """Several plain texts (or Markdown sources) translated in ONE call to the engine, in order."""
    return _translate_many([(_pieces(text, False), False) for text in texts], source, target)


class _Pieces(HTMLParser):
    """Splits HTML into tags (kept byte for byte) and text (translated unless inside code)."""

    _VERBATIM = ("script", "style", "code", "pre")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[str, str]] = []
        self._verbatim = 0

    def handle_starttag(self, tag, attrs):
        self.pieces.append((MARKUP, self.get_starttag_text() or ""))
        if tag in self._VERBATIM:
            self._verbatim += 1

    def handle_startendtag(self, tag, attrs):
        self.pieces.append((MARKUP, self.get_starttag_text() or ""))

    def handle_endtag(self, tag):
        self.pieces.append((MARKUP, f"</{tag}>"))
        if tag in self._VERBATIM and self._verbatim:
            self._verbatim -= 1

    def handle_data(self, data):
        self.pieces += [(KEEP, data)] if self._verbatim else _split(data)


def translate_html(html: str, source: str, target: str) -> str:
    """HTML (already sanitised) translated between its tags: every tag and attribute, link
    targets included, comes back unchanged; code and preformatted text are not translated."""
    if not html or not html.strip():
        return html or ""
    return _translate_many([(_pieces(html, True), True)], source, target)[0]


# --- the cache ---------------------------------------------------------------------------------


class MachineTranslation(db.Model):
    """The latest machine translation of one text (subject) into one language."""

    __tablename__ = "machine_translations"
    __table_args__ = (UniqueConstraint("subject", "target"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: what was translated, e.g. "idea:12:body" or "comment:7:body"
    subject: Mapped[str] = mapped_column(String(80))
    source: Mapped[str] = mapped_column(String(8))
    target: Mapped[str] = mapped_column(String(8))
    #: SHA-256 of the engine, languages and original text: another original → another hash
    source_hash: Mapped[str] = mapped_column(String(64))
    engine: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@dataclass(frozen=True)
class Translation:
    text: str
    source: str
    target: str
    engine: str


def _hash(engine_name: str, source: str, target: str, html: bool, text: str) -> str:
    key = "\x1f".join((engine_name, source, target, "html" if html else "text", text))
    return hashlib.sha256(key.encode()).hexdigest()


def cached_translations(texts: list[tuple[str, str, bool]], source: str,
                        target: str) -> dict[str, Translation]:
    """Translations of several texts, each given as (subject, text, html), all from `source` to
    `target`: the cached rows are read in one query, and those missing or stale (the original
    changed) are made in one call to the engine and stored (flushed; the caller commits).
    Raises TranslationUnavailable."""
    found = engine()
    if found is None or not can_translate(source, target):
        raise TranslationUnavailable(f"no engine for {source}→{target}")
    subjects = [subject for subject, _, _ in texts]
    rows = {row.subject: row for row in db.session.scalars(select(MachineTranslation).where(
        MachineTranslation.subject.in_(subjects), MachineTranslation.target == target))} \
        if subjects else {}
    result, stale = {}, []
    for subject, text, html in texts:
        digest = _hash(found.name, source, target, html, text)
        row = rows.get(subject)
        if row is not None and row.source_hash == digest:
            result[subject] = Translation(row.text, source, target, row.engine)
        else:
            stale.append((subject, text, html, digest))
    made = _translate_many([(_pieces(text, html), html) for _, text, html, _ in stale],
                           source, target) if stale else []
    for (subject, _, _, digest), translated in zip(stale, made):
        row = rows.get(subject)
        if row is None:
            row = rows[subject] = MachineTranslation(subject=subject, target=target)
            db.session.add(row)
        row.source, row.source_hash, row.engine, row.text = source, digest, found.name, translated
        row.created_at = utcnow()
        result[subject] = Translation(translated, source, target, found.name)
    if stale:
        db.session.flush()
    return result


def cached_translation(subject: str, text: str, source: str, target: str, *,
                       html: bool = False) -> Translation:
    """One text's translation (HTML when `html`), from the cache when the original is unchanged,
    else made now and stored (flushed; the caller commits). Raises TranslationUnavailable."""
    return cached_translations([(subject, text, html)], source, target)[subject]


def forget_translations(prefix: str) -> None:
    """Drop the cached translations of subjects starting with `prefix` (e.g. when an item is
    deleted: "idea:12:"). Flushes; the caller commits."""
    db.session.execute(MachineTranslation.__table__.delete().where(
        MachineTranslation.subject.startswith(prefix, autoescape=True)))
