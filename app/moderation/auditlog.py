"""Reading the audit log of one municipality: pages for admins and a CSV export."""
from __future__ import annotations

import csv
import io
import json
from typing import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from app.accounts.models import User
from app.core.audit import AuditEvent
from app.core.extensions import db
from app.core.clock import to_oslo

CSV_COLUMNS = ["id", "time", "actor_id", "actor", "action", "object_type", "object_id",
               "before", "after", "reason"]


def _query(municipality):
    actor = aliased(User)
    return (select(AuditEvent, actor).outerjoin(actor, actor.id == AuditEvent.actor_id)
            .where(AuditEvent.municipality_id == municipality.id))


def audit_page(municipality, *, page: int = 1, per_page: int = 50) -> tuple[list, int]:
    """(events with their actors, newest first; total number of events)."""
    total = db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.municipality_id == municipality.id)) or 0
    rows = db.session.execute(_query(municipality).order_by(AuditEvent.id.desc())
                              .limit(per_page).offset((page - 1) * per_page)).all()
    return rows, total


def _cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def _json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def audit_csv(municipality, batch: int = 1000) -> Iterator[str]:
    """The municipality's whole audit log as CSV lines (UTF-8 with BOM, oldest first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield "\ufeff" + buffer.getvalue()
    last_id = 0
    while True:
        rows = db.session.execute(_query(municipality).where(AuditEvent.id > last_id)
                                  .order_by(AuditEvent.id).limit(batch)).all()
        if not rows:
            return
        buffer.seek(0)
        buffer.truncate()
        for event, actor in rows:
            writer.writerow([_cell(v) for v in (
                event.id, to_oslo(event.created_at).isoformat(timespec="seconds"), event.actor_id,
                actor.display_name if actor else "", event.action, event.object_type,
                event.object_id, _json(event.before), _json(event.after), event.reason)])
            last_id = event.id
        yield buffer.getvalue()
