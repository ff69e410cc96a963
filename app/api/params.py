"""Reading the API's query string: filters, `limit` and the opaque cursor.

Every value is checked here and refused with an `ApiError` (a JSON 400 that names the
parameter), so no query string reaches the database unchecked and none can cause a 500.
The bounds are the ones the OpenAPI description states (app/api/openapi.py reads them here).
"""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from flask_babel import gettext as _

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
#: a theme key: the network's (`mobilitet`) or a municipality's own (`k-12`)
THEME_PATTERN = r"^[a-z0-9-]{1,40}$"
SLUG_PATTERN = r"^[a-z0-9-]{1,140}$"
#: ids are 32-bit integers; a larger id in a path is a 404, in a cursor the end of the list
MAX_ID = 2**31 - 1
CURSOR_BYTES = 6
CURSOR_PATTERN = r"^[A-Za-z0-9_-]{8}$"


class ApiError(ValueError):
    """A request the API refuses: a 400 whose `detail` names the parameter and why."""

    def __init__(self, detail: str, parameter: str | None = None, status: int = 400):
        super().__init__(detail)
        self.detail = detail
        self.parameter = parameter
        self.status = status


@dataclass
class Listing:
    """The parameters of a list request."""

    limit: int = DEFAULT_LIMIT
    after: int = 0
    municipality: str | None = None
    theme: str | None = None
    sdg: int | None = None
    updated_since: datetime | None = None


def encode_cursor(last_id: int) -> str:
    """An opaque cursor that continues after the row with this id: the id's six bytes in
    base64url, always eight characters."""
    return base64.urlsafe_b64encode(last_id.to_bytes(CURSOR_BYTES, "big")).decode()


def decode_cursor(value: str) -> int:
    """The id a cursor continues after. Any eight base64url characters are a cursor (one past
    every id gives an empty page); anything else is refused."""
    if not re.fullmatch(CURSOR_PATTERN.strip("^$"), value):
        raise ApiError(_("The cursor is not valid. Use the next_cursor of a previous page."),
                       "cursor")
    return min(int.from_bytes(base64.urlsafe_b64decode(value), "big"), MAX_ID)


def _integer(args, name: str, low: int, high: int) -> int | None:
    value = args.get(name)
    if value is None:
        return None
    if not re.fullmatch(r"[0-9]{1,6}", value) or not low <= int(value) <= high:
        raise ApiError(_("%(name)s must be a whole number from %(low)d to %(high)d.",
                         name=name, low=low, high=high), name)
    return int(value)


_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?"
    r"(?:([Zz])|([+-])(\d{2}):(\d{2}))?)?")


def parse_moment(value: str) -> datetime:
    """An RFC 3339 date-time (or a date) as an aware UTC datetime; a leap second counts as :59,
    and moments beyond Python's years 1-9999 in UTC are clamped. ValueError when it is none."""
    match = _RFC3339.fullmatch(value.strip())
    if not match:
        raise ValueError(value)
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    moment = datetime(max(int(year), 1), int(month), int(day), int(hour or 0), int(minute or 0),
                      min(int(second or 0), 59), int((fraction or "0")[:6].ljust(6, "0")))
    offset = timedelta(hours=int(off_h or 0), minutes=int(off_m or 0))
    if offset >= timedelta(days=1):
        raise ValueError(value)
    offset = -offset if sign == "-" else offset
    try:
        return (moment - offset).replace(tzinfo=timezone.utc)
    except OverflowError:
        edge = datetime.min if offset > timedelta(0) else datetime.max
        return edge.replace(tzinfo=timezone.utc)


def _moment(args, name: str) -> datetime | None:
    value = args.get(name)
    if value is None:
        return None
    try:
        return parse_moment(value)
    except ValueError:
        raise ApiError(_("%(name)s must be a date and time such as 2026-11-30T12:00:00Z.",
                         name=name), name) from None


def _matching(args, name: str, pattern: str) -> str | None:
    value = args.get(name)
    if value is None:
        return None
    if not re.fullmatch(pattern.strip("^$"), value):
        raise ApiError(_("%(name)s has a value this API does not know.", name=name), name)
    return value


def parse_listing(args, *, filters: bool = True) -> Listing:
    """The list parameters from the query string; without `filters` only `limit` and `cursor`."""
    limit = _integer(args, "limit", 1, MAX_LIMIT)
    cursor = args.get("cursor")
    listing = Listing(limit=limit or DEFAULT_LIMIT,
                      after=decode_cursor(cursor) if cursor is not None else 0)
    if filters:
        listing.municipality = _matching(args, "municipality", SLUG_PATTERN)
        listing.theme = _matching(args, "theme", THEME_PATTERN)
        listing.sdg = _integer(args, "sdg", 1, 17)
    listing.updated_since = _moment(args, "updated_since")
    return listing
