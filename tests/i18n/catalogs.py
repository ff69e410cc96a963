"""The message catalogs as the tests see them: fresh extraction from the source, the .po files,
the compiled .mo files, and the placeholders in a message."""
from __future__ import annotations

import io
import os
import re
import tempfile
from collections import Counter
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
#: locales that must be complete; se may leave strings empty (they fall back to nb)
COMPLETE = ("nb", "nn", "en")
LOCALES = ("nb", "nn", "en", "se")


def po_path(locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"


def mo_path(locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo"


def load_po(locale: str) -> Catalog:
    with po_path(locale).open("rb") as handle:
        return read_po(handle, locale=locale)


def makefile_keywords() -> list[str]:
    """The extra `-k` keywords of the `pybabel extract` line in the Makefile (`make messages`)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    line = next(line for line in makefile.splitlines() if "pybabel extract" in line)
    return re.findall(r"(?:^|\s)-k\s+(\S+)", line)


def extract_source() -> Catalog:
    """Every message in the source as `make messages` would extract it, read fresh from disk."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle, str(ROOT / "babel.cfg"))
    keywords = dict(DEFAULT_KEYWORDS)
    keywords.update(parse_keywords(makefile_keywords()))
    catalog = Catalog(project="Tinget")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=keywords):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def is_translated(message: Message) -> bool:
    if isinstance(message.string, (list, tuple)):
        return bool(message.string) and all(message.string)
    return bool(message.string)


def describe(message: Message) -> str:
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    where = ", ".join(f"{path}:{line}" for path, line in message.locations[:2])
    context = f"[{message.context}] " if message.context else ""
    return f"{context}{msgid!r}" + (f"  ({where})" if where else "")


# --- placeholders ------------------------------------------------------------------------

_PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?P<type>[diouxXeEfFgGcrsa%])")


#: `{count}` in strings that JavaScript fills in (data-text-* attributes)
_BRACED = re.compile(r"\{(\w+)\}")


def placeholders(text: str) -> Counter:
    """The placeholders in `text` as a multiset: `%(name)s` style (`%%` excluded) and `{name}`."""
    found = Counter()
    for match in _PLACEHOLDER.finditer(text):
        if match.group("type") == "%":
            continue
        found[f"%({match.group('name') or ''}){match.group('type')}"] += 1
    found.update("{%s}" % name for name in _BRACED.findall(text))
    return found


class _AnyValue(dict):
    def __missing__(self, key):
        return 1


def format_error(text: str) -> str | None:
    """Why `text % {...}` fails (Flask-Babel and Jinja both format every message), or None."""
    try:
        text % _AnyValue()
    except (ValueError, TypeError, KeyError) as error:
        return f"{type(error).__name__}: {error}"
    return None


def forms(value) -> list[str]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


# --- compiled catalogs ---------------------------------------------------------------------

def _messages(mo_bytes: bytes) -> dict:
    catalog = read_mo(io.BytesIO(mo_bytes))
    return {(m.context, tuple(forms(m.id))): tuple(forms(m.string)) for m in catalog if m.id}


def compile_po(locale: str) -> bytes:
    """The .mo that `pybabel compile -d translations -f` writes for this locale."""
    buffer = io.BytesIO()
    write_mo(buffer, load_po(locale), use_fuzzy=True)
    return buffer.getvalue()


def mo_is_current(locale: str) -> bool:
    """The .mo on disk holds exactly the translations of the .po (it is not older in content)."""
    path = mo_path(locale)
    return path.exists() and _messages(path.read_bytes()) == _messages(compile_po(locale))


def compile_stale() -> list[str]:
    """Compile every .po whose .mo is missing or out of date (atomically); the locales compiled."""
    compiled = []
    for locale in LOCALES:
        if mo_is_current(locale):
            continue
        target = mo_path(locale)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".mo.tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(compile_po(locale))
        os.replace(temporary, target)
        compiled.append(locale)
    return compiled
