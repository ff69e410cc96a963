"""What goes into a search entry, from plain values: the snippets, the goals and the document
(a weighted `norwegian` tsvector on PostgreSQL, the Snowball stems on SQLite).

Pure functions over `EntryData`, so that the session events (index.py), `flask search reindex`
and the migration that first filled the table build entries the same way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable

from sqlalchemy import bindparam, func, literal_column

from app.ideas import stemmer

#: the longest snippet, in characters (an ellipsis is added when the text was cut)
SNIPPET_LENGTH = 200
#: the text search configuration on PostgreSQL
CONFIG = literal_column("'norwegian'::regconfig")

_MARKUP = re.compile(r"[#*_>`\[\]|~]+|\(https?://[^)]*\)")


@dataclass
class EntryData:
    """One visible item, as search sees it."""

    kind: str
    item_id: int
    municipality_id: int
    theme: str | None
    goals: Iterable[int]
    title_nb: str | None
    title_nn: str | None
    #: the texts the snippets come from
    text_nb: str | None = None
    text_nn: str | None = None
    #: more text to find the item by (bodies, conclusions, project names)
    more: tuple[str | None, ...] = field(default_factory=tuple)
    published_at: datetime | None = None

    @property
    def titles(self) -> str:
        return " ".join(t for t in (self.title_nb, self.title_nn) if t)

    @property
    def texts(self) -> str:
        return " ".join(t for t in (self.text_nb, self.text_nn, *self.more) if t)


def clean(text: str | None) -> str | None:
    return " ".join((text or "").split()) or None


def snippet(text: str | None, length: int = SNIPPET_LENGTH) -> str | None:
    """The start of a text without Markdown marks, cut at a word, or None when empty."""
    plain = clean(_MARKUP.sub("", text or ""))
    if plain is None or len(plain) <= length:
        return plain
    cut = plain[:length].rsplit(" ", 1)[0] or plain[:length]
    return cut.rstrip(",.;:–- ") + "…"


def goals_value(goals: Iterable[int]) -> str:
    """Goals as stored in `search_entries.goals`: ",3,11," ("" for none)."""
    numbers = sorted({int(goal) for goal in goals or ()})
    return "," + ",".join(map(str, numbers)) + "," if numbers else ""


def row_values(entry: EntryData, dialect: str) -> dict:
    """The parameters of `insert_statement(dialect)` for one entry."""
    values = {
        "kind": entry.kind, "item_id": entry.item_id, "municipality_id": entry.municipality_id,
        "theme": entry.theme or None, "goals": goals_value(entry.goals),
        "title_nb": (clean(entry.title_nb) or "")[:200] or None,
        "title_nn": (clean(entry.title_nn) or "")[:200] or None,
        "snippet_nb": snippet(entry.text_nb), "snippet_nn": snippet(entry.text_nn),
        "published_at": entry.published_at,
    }
    if dialect == "postgresql":
        values.update(doc_titles=entry.titles, doc_texts=entry.texts)
    else:
        values["document"] = stemmer.document(entry.titles, entry.texts)
    return values


def insert_statement(table, dialect: str):
    """An INSERT into `table` (search_entries) for `row_values(...)`, one or many rows."""
    statement = table.insert()
    if dialect == "postgresql":
        titles = func.setweight(func.to_tsvector(CONFIG, bindparam("doc_titles")),
                              literal_column("'A'"))
        texts = func.setweight(func.to_tsvector(CONFIG, bindparam("doc_texts")),
                             literal_column("'B'"))
        statement = statement.values(document=titles.op("||")(texts))
    return statement
