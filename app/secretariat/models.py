"""Network cases: consultations and votes of the network in which the member municipalities
themselves take part, one answer or one ballot per member (equal ownership, equal vote)."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.clock import UTCDateTime, aware, utcnow
from app.core.extensions import db
from app.core.tenancy import TenantMixin


class CaseKind(enum.Enum):
    consultation = "consultation"  #: each member answers in text
    vote = "vote"  #: each member chooses one option


class CasePhase(enum.Enum):
    draft = "draft"  #: only the secretariat sees it
    scheduled = "scheduled"  #: published, not open yet
    open = "open"
    closed = "closed"  #: results are shown per member


class NetworkCase(db.Model):
    """A consultation or vote of the network, run by the secretariat."""

    __tablename__ = "network_cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[CaseKind] = mapped_column(
        Enum(CaseKind, name="network_case_kind", native_enum=False, length=16))
    title_nb: Mapped[str | None] = mapped_column(String(200))
    title_nn: Mapped[str | None] = mapped_column(String(200))
    body_nb: Mapped[str | None] = mapped_column(Text)
    body_nn: Mapped[str | None] = mapped_column(Text)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: answers are taken until this moment (exclusive)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    #: None while a draft; set once when the secretariat publishes
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    options: Mapped[list[NetworkCaseOption]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="NetworkCaseOption.position",
        lazy="selectin")

    def phase_at(self, now: datetime | None = None) -> CasePhase:
        now = aware(now) or utcnow()
        if self.published_at is None:
            return CasePhase.draft
        if now < aware(self.opens_at):
            return CasePhase.scheduled
        if now < aware(self.closes_at):
            return CasePhase.open
        return CasePhase.closed

    @property
    def phase(self) -> CasePhase:
        return self.phase_at()

    @property
    def label(self) -> str:
        """A title for the audit log."""
        return self.title_nb or self.title_nn or f"#{self.id}"

    def __repr__(self) -> str:
        return f"<NetworkCase {self.id} {self.kind.value} {self.label!r}>"


class NetworkCaseOption(db.Model):
    """One option of a network vote."""

    __tablename__ = "network_case_options"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("network_cases.id", ondelete="CASCADE"),
                                         index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    label_nb: Mapped[str | None] = mapped_column(String(200))
    label_nn: Mapped[str | None] = mapped_column(String(200))

    case: Mapped[NetworkCase] = relationship(back_populates="options")


class NetworkCaseResponse(TenantMixin, db.Model):
    """The one answer (consultation) or ballot (vote) of one member municipality in one case.

    `municipality_id` is the member that answered; the unique constraint keeps it to one."""

    __tablename__ = "network_case_responses"
    __table_args__ = (UniqueConstraint("case_id", "municipality_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("network_cases.id", ondelete="CASCADE"),
                                         index=True)
    #: the chosen option, in a vote
    option_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_case_options.id", ondelete="CASCADE"))
    #: the answer, in a consultation
    text: Mapped[str | None] = mapped_column(Text)
    #: the admin who cast it for the municipality (None once that account is deleted)
    cast_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    municipality = relationship("Municipality", lazy="joined")
    option: Mapped[NetworkCaseOption | None] = relationship(lazy="joined")
    cast_by = relationship("User", lazy="joined")
