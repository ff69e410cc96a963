"""The mail outbox: every mail is a row, written in the transaction of the change it tells about.

`queue_mail_to` (app/core/mail.py) adds a `MailOutbox` row to the request's session, so a
rollback drops it and a commit keeps it. After the commit the row's id is handed to a sender
(app/core/jobs.py): inline, a worker thread, or the RQ queue "mail". Whoever sends first claims
the row with a conditional UPDATE (on PostgreSQL after a `FOR UPDATE SKIP LOCKED` pick), so two
processes or servers never send one mail twice. A temporary failure (SMTP 4xx, a refused or
broken connection) is retried later with a doubling back-off up to MAIL_MAX_ATTEMPTS; a
permanent one (SMTP 5xx) ends as `failed`. Nothing unsent is ever deleted: `failed` rows stay
until `flask mail retry` sends them again. A sweep (`sweep()`) picks up what is due, including
rows a crashed process left behind in `sending`; sent rows lose their body at once and are
deleted after MAIL_KEEP_SENT_DAYS.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Index, Integer, String, Text, and_, delete, func, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import UTCDateTime, aware, utcnow
from app.core.extensions import db

log = logging.getLogger("app.mail")

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
#: how long a claim lasts; a row still `sending` after that was left by a crashed process
CLAIM_SECONDS = 600
#: the longest wait between two attempts
MAX_BACKOFF_SECONDS = 3600


class MailOutbox(db.Model):
    """One outgoing mail, from the commit that queued it until it is sent (or fails for good)."""

    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_status_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(Text)
    #: the rendered plain text; emptied once the mail is sent
    body: Mapped[str] = mapped_column(Text)
    #: the display name in From (the municipality the mail is from), else the configured sender's
    sender_name: Mapped[str | None] = mapped_column(String(200))
    #: an HTML alternative to `body` (the municipality's logo and colour), or None; emptied when sent
    html_body: Mapped[str | None] = mapped_column(Text)
    #: kept across retries, so a receiver can tell a repeat
    message_id: Mapped[str] = mapped_column(String(255))
    #: pending, sending (claimed by a sender until `claimed_until`), sent or failed
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the last failure, without the address (e.g. "451 4.7.1 try again later")
    last_error: Mapped[str | None] = mapped_column(String(500))


class TemporaryFailure(Exception):
    """The mail may go through later (SMTP 4xx, connection refused or broken, timeout)."""


class PermanentFailure(Exception):
    """The mail will never go through as it is (SMTP 5xx)."""


def _table():
    return MailOutbox.__table__


def _due(t, now: datetime):
    """Pending and due, or claimed by a sender whose claim ran out (it crashed)."""
    return or_(and_(t.c.status == PENDING, t.c.next_attempt_at <= now),
               and_(t.c.status == SENDING, t.c.claimed_until < now))


def _claim(connection, outbox_id: int, now: datetime, *, first: bool) -> bool:
    """Take one row for sending; True when this caller got it. The UPDATE's own condition makes
    the claim atomic on every database: of two concurrent claims, one changes the row."""
    t = _table()
    if first:  # the hand-off right after the commit: only a row nobody has tried yet
        due = and_(t.c.status == PENDING, t.c.attempts == 0)
    else:
        due = _due(t, now)
    result = connection.execute(
        update(t).where(t.c.id == outbox_id, due)
        .values(status=SENDING, attempts=t.c.attempts + 1,
                claimed_until=now + timedelta(seconds=CLAIM_SECONDS)))
    return result.rowcount == 1


def _due_ids(connection, now: datetime, limit: int) -> list[int]:
    """Ids of rows due for an attempt, oldest first; rows another sender holds locked are skipped
    on PostgreSQL (`FOR UPDATE SKIP LOCKED`; SQLite has one writer and ignores it)."""
    t = _table()
    query = (select(t.c.id)
             .where(_due(t, now))
             .order_by(t.c.next_attempt_at, t.c.id).limit(limit)
             .with_for_update(skip_locked=True))
    return list(connection.execute(query).scalars())


def send_one(outbox_id: int, *, first: bool = False) -> str | None:
    """Claim the row and try to send it once; returns its new status, or None when another
    sender has it (or it is not due). Never raises for a mail that cannot be sent."""
    with db.engine.begin() as connection:
        if not _claim(connection, outbox_id, utcnow(), first=first):
            return None
    return _send_claimed(outbox_id)


def _send_claimed(outbox_id: int) -> str:
    from app.core.mail import deliver  # mail imports this module for the model

    with db.engine.connect() as connection:
        row = connection.execute(select(_table()).where(_table().c.id == outbox_id)).one()
    try:
        deliver(row.to_address, row.subject, row.body, row.message_id,
                sender_name=row.sender_name, html=row.html_body)
    except TemporaryFailure as error:
        return _record_failure(row, str(error), permanent=False)
    except PermanentFailure as error:
        return _record_failure(row, str(error), permanent=True)
    _set(outbox_id, status=SENT, sent_at=utcnow(), body="", html_body=None, claimed_until=None,
         last_error=None)
    log.info("Mail %s sent (attempt %s)", outbox_id, row.attempts)
    return SENT


def _record_failure(row, error: str, *, permanent: bool) -> str:
    attempts = row.attempts
    if permanent or attempts >= current_app.config.get("MAIL_MAX_ATTEMPTS", 8):
        _set(row.id, status=FAILED, claimed_until=None, last_error=error[:500])
        log.error("Mail %s failed for good after %s attempt(s): %s", row.id, attempts, error)
        return FAILED
    delay = min(MAX_BACKOFF_SECONDS,
                float(current_app.config.get("MAIL_RETRY_SECONDS", 60)) * 2 ** (attempts - 1))
    _set(row.id, status=PENDING, claimed_until=None, last_error=error[:500],
         next_attempt_at=utcnow() + timedelta(seconds=delay))
    log.warning("Mail %s not sent (attempt %s), retrying in %.0f s: %s",
                row.id, attempts, delay, error)
    return PENDING


def _set(outbox_id: int, **values) -> None:
    with db.engine.begin() as connection:
        connection.execute(update(_table()).where(_table().c.id == outbox_id).values(**values))


def sweep(limit: int = 100) -> int:
    """Send what is due (retries, and rows a crashed process left); forget sent rows older than
    MAIL_KEEP_SENT_DAYS. Returns how many were sent. The rows are picked and claimed in one
    transaction, so on PostgreSQL a second sweeper skips them instead of waiting."""
    now = utcnow()
    with db.engine.begin() as connection:
        claimed = [outbox_id for outbox_id in _due_ids(connection, now, limit)
                   if _claim(connection, outbox_id, now, first=False)]
    sent = sum(_send_claimed(outbox_id) == SENT for outbox_id in claimed)
    keep = timedelta(days=current_app.config.get("MAIL_KEEP_SENT_DAYS", 7))
    with db.engine.begin() as connection:
        connection.execute(delete(_table()).where(_table().c.status == SENT,
                                                  _table().c.sent_at < now - keep))
    return sent


def next_due_in(default: float) -> float:
    """Seconds until the next pending row is due (at most `default`), for a waiting worker."""
    with db.engine.connect() as connection:
        due = connection.execute(select(func.min(_table().c.next_attempt_at))
                                 .where(_table().c.status == PENDING)).scalar()
    if due is None:
        return default
    return max(0.0, min(default, (aware(due) - utcnow()).total_seconds()))


def retry_failed() -> int:
    """Make every failed mail pending again (after a fix of the cause); returns how many."""
    with db.engine.begin() as connection:
        result = connection.execute(
            update(_table()).where(_table().c.status == FAILED)
            .values(status=PENDING, attempts=0, next_attempt_at=utcnow()))
    return result.rowcount


@dataclass
class QueueState:
    pending: int
    sending: int
    failed: int
    sent: int
    oldest_pending_seconds: float | None


def state() -> QueueState:
    """Counts per status and the age of the oldest unsent mail (for /helse and the CLI)."""
    t = _table()
    with db.engine.connect() as connection:
        counts = dict(connection.execute(select(t.c.status, func.count()).group_by(t.c.status)).all())
        oldest = connection.execute(select(func.min(t.c.created_at))
                                    .where(t.c.status.in_((PENDING, SENDING)))).scalar()
    age = None if oldest is None else round((utcnow() - aware(oldest)).total_seconds(), 1)
    return QueueState(pending=counts.get(PENDING, 0), sending=counts.get(SENDING, 0),
                      failed=counts.get(FAILED, 0), sent=counts.get(SENT, 0),
                      oldest_pending_seconds=age)
