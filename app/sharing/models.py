"""The record of every copy made through the network: which item of which member was copied,
into which municipality, by whom and when. The copy credits its origin from this row; the origin
sees how often and by whom it was reused."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.clock import UTCDateTime, utcnow
from app.core.extensions import db
from app.core.tenancy import TenantMixin


class NetworkCopy(TenantMixin, db.Model):
    """One copy. `municipality_id` (the tenant) is the municipality that copied and owns the copy."""

    __tablename__ = "network_copies"
    __table_args__ = (
        Index("ix_network_copies_source", "kind", "source_id"),
        Index("ix_network_copies_copy", "kind", "copy_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: "consultation", "vote" or "survey"
    kind: Mapped[str] = mapped_column(String(16))
    source_id: Mapped[int] = mapped_column(Integer)
    source_municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    #: the source's title when it was copied (the credit still reads well if the source goes)
    source_title: Mapped[str] = mapped_column(String(200), default="")
    #: the new item in the copying municipality; None once that item is deleted
    copy_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    copied_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    municipality = relationship("Municipality", foreign_keys="NetworkCopy.municipality_id")
    source_municipality = relationship("Municipality",
                                       foreign_keys="NetworkCopy.source_municipality_id")
