"""Sharing with the network: a consultation, vote or survey a municipality offers to the other
members to copy (`shared_at`). The copying itself, and the record of who copied what from whom,
live in the `sharing` area; this mixin only gives the items their one column.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import UTCDateTime


class Shareable:
    """An item a municipality can share with the network (structure and texts only)."""

    #: when the municipality shared it; None = not shared
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None
