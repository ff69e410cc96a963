"""An experience: a short account, in bokmål and/or nynorsk, of what a concluded consultation,
vote or survey asked, how many took part, what came of it and what the municipality would do
differently. Drafted by the municipality's admins, published for the whole network."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.clock import UTCDateTime, utcnow
from app.core.extensions import db
from app.core.tenancy import TenantMixin
from app.core.vocabulary import SdgLinkMixin, SdgTagged


class Experience(SdgTagged, TenantMixin, db.Model):
    __tablename__ = "experiences"
    __table_args__ = (UniqueConstraint("municipality_id", "kind", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: what it is about: "consultation", "vote" or "survey", and that item's id (same municipality)
    kind: Mapped[str] = mapped_column(String(16))
    item_id: Mapped[int] = mapped_column(Integer)
    title_nb: Mapped[str | None] = mapped_column(String(200))
    title_nn: Mapped[str | None] = mapped_column(String(200))
    #: what was asked
    asked_nb: Mapped[str | None] = mapped_column(Text)
    asked_nn: Mapped[str | None] = mapped_column(Text)
    #: how many took part (suggested from the item's own figures; the admin may correct it)
    participants: Mapped[int] = mapped_column(Integer, default=0)
    #: what came of it
    outcome_nb: Mapped[str | None] = mapped_column(Text)
    outcome_nn: Mapped[str | None] = mapped_column(Text)
    #: what the municipality would do differently
    differently_nb: Mapped[str | None] = mapped_column(Text)
    differently_nn: Mapped[str | None] = mapped_column(Text)
    #: a key of app.core.vocabulary.THEMES (taken from the item, editable)
    theme: Mapped[str | None] = mapped_column(String(40))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    municipality = relationship("Municipality", lazy="joined")
    sdg_links: Mapped[list[ExperienceSdg]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ExperienceSdg.goal")

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def kind_label(self) -> str:
        """What the experience is about, in words: "Consultation", "Vote" or "Survey"."""
        # The network package imports this model (through its routes): import its labels late.
        from app.network.labels import KIND_LABELS
        return str(KIND_LABELS.get(self.kind, self.kind))


class ExperienceSdg(SdgLinkMixin, db.Model):
    """A goal an experience is about."""

    __tablename__ = "experience_sdgs"

    experience_id: Mapped[int] = mapped_column(ForeignKey("experiences.id", ondelete="CASCADE"),
                                               primary_key=True)
