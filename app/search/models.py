"""The search index: one row per published item of the network (see README.md)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import UTCDateTime
from app.core.extensions import db

_document_type = Text().with_variant(TSVECTOR(), "postgresql")


class SearchEntry(db.Model):
    """What search needs of one visible idea, consultation, vote, survey or experience.

    Kept current by the session events in app/search/index.py; an item that is not (or no
    longer) visible to everyone has no entry. Rebuilt by `flask search reindex`.
    """

    __tablename__ = "search_entries"
    __table_args__ = (
        UniqueConstraint("kind", "item_id"),
        Index("ix_search_entries_municipality_kind", "municipality_id", "kind"),
        Index("ix_search_entries_document", "document",
              postgresql_using="gin").ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: "idea", "consultation", "vote", "survey" or "experience" (app/search/kinds.py)
    kind: Mapped[str] = mapped_column(String(16))
    item_id: Mapped[int] = mapped_column(Integer)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    #: a key of app.core.vocabulary.THEMES (or an idea's municipal "k-<id>"), or None
    theme: Mapped[str | None] = mapped_column(String(40), index=True)
    #: the item's goals as ",3,11," ("" for none), matched with LIKE '%,11,%'
    goals: Mapped[str] = mapped_column(String(64), default="")
    #: titles and snippets in bokmål and nynorsk; an item written in one form only (ideas,
    #: votes) keeps its text in the `_nb` columns
    title_nb: Mapped[str | None] = mapped_column(String(200))
    title_nn: Mapped[str | None] = mapped_column(String(200))
    snippet_nb: Mapped[str | None] = mapped_column(String(300))
    snippet_nn: Mapped[str | None] = mapped_column(String(300))
    #: when the item became public (the order of results without a query)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    #: tsvector ('norwegian', titles weighted A) on PostgreSQL; Norwegian stems on SQLite
    document: Mapped[str | None] = mapped_column(_document_type, deferred=True)

    def __repr__(self) -> str:
        return f"<SearchEntry {self.kind} {self.item_id}>"
