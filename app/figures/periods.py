"""Periods of whole months on the Oslo calendar, and the SQL that puts a moment in its month.

A month is named by its key, "2026-03". Its bounds are Oslo midnights, turned into UTC here, so
an answer given at 00:30 on 1 April in Oslo (22:30 UTC on 31 March) counts in April, on SQLite
and PostgreSQL alike: `month_of(column, period)` is a CASE over those UTC bounds, which both
databases group by without knowing any time zone.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, literal

from app.core.clock import oslo_to_utc, to_oslo, utcnow

#: the default period: this month and the eleven before it
DEFAULT_MONTHS = 12
#: the longest period a page shows (five years)
MAX_MONTHS = 60


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s month (negative: before)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_start_utc(day: date) -> datetime:
    """Midnight at the start of `day`'s month in Oslo, as UTC."""
    return oslo_to_utc(datetime(day.year, day.month, 1))


@dataclass(frozen=True)
class Period:
    """Whole months from `first` to `last` (first days of months), both included."""

    first: date
    last: date

    @classmethod
    def ending(cls, last: date, months: int = DEFAULT_MONTHS) -> "Period":
        last = last.replace(day=1)
        return cls(add_months(last, -(months - 1)), last)

    @classmethod
    def default(cls) -> "Period":
        """This month on Oslo's calendar and the eleven before it."""
        return cls.ending(to_oslo(utcnow()).date())

    @property
    def months(self) -> list[date]:
        count = (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1
        return [add_months(self.first, n) for n in range(count)]

    @property
    def keys(self) -> list[str]:
        return [month_key(m) for m in self.months]

    @property
    def start(self) -> datetime:
        """The first moment of the period (UTC)."""
        return month_start_utc(self.first)

    @property
    def end(self) -> datetime:
        """The first moment after the period (UTC)."""
        return month_start_utc(add_months(self.last, 1))

    def args(self) -> dict[str, str]:
        """The query arguments that choose this period (for links and CSV downloads)."""
        return {"fra": month_key(self.first), "til": month_key(self.last)}


def month_of(column, period: Period):
    """SQL: the key ("2026-03") of the Oslo month `column` falls in, for moments inside the
    period (filter on `period.start <= column < period.end` beside it)."""
    whens = [(column < month_start_utc(add_months(month, 1)), literal(month_key(month)))
             for month in period.months]
    return case(*whens, else_=literal(""))
