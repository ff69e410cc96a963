"""Moderation state on content, reports, decisions, reasons, settings and blocks."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean, Enum, ForeignKey, Index, Integer, String, Text, UniqueConstraint,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from app.core.clock import UTCDateTime, utcnow
from app.core.extensions import db
from app.core.tenancy import TenantMixin
from app.municipalities.models import ModerationMode


class ModerationState(enum.Enum):
    pending = "pending"  #: waits for a moderator (pre-moderation)
    published = "published"
    rejected = "rejected"  #: refused before publication
    hidden = "hidden"  #: taken down after publication (by a moderator or the report threshold)


class Decision(enum.Enum):
    approve = "approve"
    reject = "reject"
    hide = "hide"
    restore = "restore"
    dismiss = "dismiss"  #: close the open reports, keep (or put back) the item


class ReportReason(enum.Enum):
    spam = "spam"
    offensive = "offensive"
    personal_data = "personal_data"
    off_topic = "off_topic"
    other = "other"


def _state_enum():
    return Enum(ModerationState, name="moderation_state", native_enum=False, length=16)


class ModeratedMixin:
    """Columns for content that goes through the moderation queue (see app/moderation)."""

    @declared_attr
    def moderation_state(cls) -> Mapped[ModerationState]:  # noqa: N805
        return mapped_column(_state_enum(), default=ModerationState.pending, index=True)

    @declared_attr
    def author_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)

    @declared_attr
    def author(cls):  # noqa: N805
        return relationship("User", foreign_keys=[cls.author_id], lazy="joined")

    @declared_attr
    def created_at(cls) -> Mapped[datetime]:  # noqa: N805
        return mapped_column(UTCDateTime, default=utcnow, index=True)

    #: when a moderator last decided on the item
    @declared_attr
    def moderated_at(cls) -> Mapped[datetime | None]:  # noqa: N805
        return mapped_column(UTCDateTime)

    #: hidden automatically because it reached the municipality's report threshold
    @declared_attr
    def hidden_by_reports(cls) -> Mapped[bool]:  # noqa: N805
        return mapped_column(Boolean, default=False)

    @hybrid_property
    def is_public(self) -> bool:
        return self.moderation_state == ModerationState.published

    @is_public.expression
    def is_public(cls):  # noqa: N805
        return cls.moderation_state == ModerationState.published

    @staticmethod
    def initial_state(municipality) -> ModerationState:
        if municipality.moderation_mode is ModerationMode.pre:
            return ModerationState.pending
        return ModerationState.published


class Report(TenantMixin, db.Model):
    """A user's report of one item; open until a moderator decides on the item."""

    __tablename__ = "moderation_reports"
    __table_args__ = (
        UniqueConstraint("object_type", "object_id", "reporter_id"),
        Index("ix_moderation_reports_open", "municipality_id", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the registry key of the reported item's type, e.g. "idea"
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column(Integer, index=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[ReportReason] = mapped_column(
        Enum(ReportReason, name="report_reason", native_enum=False, length=16))
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the decision that closed the report
    resolution: Mapped[str | None] = mapped_column(String(16))

    reporter = relationship("User", lazy="joined")


class ModerationDecision(TenantMixin, db.Model):
    """One moderator decision on one item: the item's moderation history."""

    __tablename__ = "moderation_decisions"
    __table_args__ = (Index("ix_moderation_decisions_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column(Integer)
    #: None when the system decided (report threshold)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: a Decision value, or "auto_hide" for the report threshold
    decision: Mapped[str] = mapped_column(String(16))
    from_state: Mapped[str] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    moderator = relationship("User", lazy="joined")


class ModerationReason(TenantMixin, db.Model):
    """A reason moderators pick from; each municipality edits its own list."""

    __tablename__ = "moderation_reasons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class ModerationSettings(TenantMixin, db.Model):
    """A municipality's moderation settings beside `Municipality.moderation_mode`."""

    __tablename__ = "moderation_settings"
    __table_args__ = (UniqueConstraint("municipality_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: open reports that hide a published item until a moderator has looked at it
    report_threshold: Mapped[int] = mapped_column(Integer, default=3)
    #: when moderators were last mailed about waiting items (at most one mail an hour)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Block(TenantMixin, db.Model):
    """A user who may not post in one municipality."""

    __tablename__ = "moderation_blocks"
    __table_args__ = (UniqueConstraint("municipality_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    blocked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User", foreign_keys=[user_id], lazy="joined")
    blocked_by = relationship("User", foreign_keys=[blocked_by_id])


class DiscountedReporter(TenantMixin, db.Model):
    """A user whose reports no longer count towards hiding items in one municipality.

    Their reports are still recorded and shown to moderators."""

    __tablename__ = "moderation_discounted_reporters"
    __table_args__ = (UniqueConstraint("municipality_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    discounted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User", foreign_keys=[user_id], lazy="joined")
    discounted_by = relationship("User", foreign_keys=[discounted_by_id])
