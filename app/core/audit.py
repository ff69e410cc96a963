"""The append-only audit log: who did what, when, to what, and why."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import UTCDateTime, utcnow
from app.core.extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: the tenant the event belongs to; None for network-wide events
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    #: a dotted verb, e.g. "municipality.settings_changed"
    action: Mapped[str] = mapped_column(String(80))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)


class AuditLogIsAppendOnly(RuntimeError):
    pass


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_changes(mapper, connection, target):
    raise AuditLogIsAppendOnly("audit events cannot be changed or deleted")


def record(action: str, obj: Any, *, actor=None, municipality=None, before=None, after=None,
           reason: str | None = None) -> AuditEvent:
    """Append an event for `obj` to the audit log (flushes, never commits)."""
    entry = AuditEvent(
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=getattr(obj, "id", None),
        actor_id=getattr(actor, "id", None),
        municipality_id=getattr(municipality, "id", None),
        before=before,
        after=after,
        reason=reason,
    )
    db.session.add(entry)
    db.session.flush()
    return entry
