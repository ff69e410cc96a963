"""The one clock: UTC in the database, Europe/Oslo for people.

`utcnow()` is the clock every area reads, so a test can move it (`frozen_now`). `UTCDateTime` is the
one column type for moments: it stores UTC and always gives back an aware UTC datetime, also on
SQLite, which keeps no zone. The Oslo helpers turn a wall-clock time from a form into UTC and back.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

OSLO = ZoneInfo("Europe/Oslo")

#: a fixed "now" for tests and demonstrations; None in normal running
frozen_now: datetime | None = None


def utcnow() -> datetime:
    """Now, as an aware UTC datetime."""
    return frozen_now if frozen_now is not None else datetime.now(timezone.utc)


def aware(value: datetime | None) -> datetime | None:
    """`value` as an aware UTC datetime; a naive value is taken to be UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def to_oslo(value: datetime) -> datetime:
    """A moment on Oslo's clock (a naive value is taken to be UTC)."""
    return aware(value).astimezone(OSLO)


class UTCDateTime(TypeDecorator):
    """A timezone-aware moment: stored as UTC, read back as an aware UTC datetime everywhere."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return aware(value)

    def process_result_value(self, value, dialect):
        return aware(value)


class NonexistentLocalTime(ValueError):
    """A wall-clock time that does not exist in Oslo (the hour skipped in spring)."""


def oslo_to_utc(local: datetime) -> datetime:
    """A naive Oslo wall-clock time as UTC.

    Refuses a time in the hour skipped when summer time starts. A time that occurs twice (the
    hour repeated in autumn) is read as the later one, which is the generous reading for a deadline.
    """
    first = local.replace(tzinfo=OSLO, fold=0)
    later = local.replace(tzinfo=OSLO, fold=1)
    if first.utcoffset() != later.utcoffset():
        # fold=0 and fold=1 differ: the time is either skipped (spring) or repeated (autumn).
        round_trip = first.astimezone(timezone.utc).astimezone(OSLO).replace(tzinfo=None)
        if round_trip != local:
            raise NonexistentLocalTime(local.isoformat())
        return later.astimezone(timezone.utc)
    return first.astimezone(timezone.utc)


def utc_to_oslo_naive(value: datetime | None) -> datetime | None:
    """For a datetime-local form field: the Oslo wall-clock time, without zone."""
    if value is None:
        return None
    return to_oslo(value).replace(tzinfo=None)


def end_of_minute(value: datetime) -> datetime:
    """The last instant of the minute: a deadline "kl. 23.59" includes 23:59:59."""
    return value.replace(second=0, microsecond=0) + timedelta(seconds=59, microseconds=999999)


def add_weeks_oslo(start: datetime, weeks: int) -> datetime:
    """`start` plus whole weeks on the Oslo calendar and clock (a summer-time change in
    between does not move the wall-clock time)."""
    local = to_oslo(start).replace(tzinfo=None) + timedelta(weeks=weeks)
    return oslo_to_utc(local) if _exists(local) else aware(start) + timedelta(weeks=weeks)


def _exists(local: datetime) -> bool:
    try:
        oslo_to_utc(local)
    except NonexistentLocalTime:
        return False
    return True
