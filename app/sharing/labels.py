"""The kinds' names, looked up per request (lazy strings, never formatted at import)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.sharing.kinds import KINDS

KIND_LABELS = {"consultation": _l("Consultation"), "vote": _l("Vote"), "survey": _l("Survey")}


def kind_label(key: str) -> str:
    label = KIND_LABELS.get(key)
    return str(label) if label is not None else ""


def kind_choices() -> list[tuple[str, str]]:
    """(URL segment, name) of every kind, in the current language."""
    return [(kind.slug, kind_label(kind.key)) for kind in KINDS]
