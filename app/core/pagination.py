"""Two ways to page through a list.

- By number: `?side=N`, a `Page` of rows (`paginate`, LIMIT/OFFSET plus a count), and the
  `pagination` macro (`templates/macros/pagination.html`) that links to the neighbouring pages
  with the other query arguments kept. Fine for lists that stay short.
- By keyset, for lists that grow without bound (the ideas): `?neste=<cursor>` (the rows after
  the cursor) and `?forrige=<cursor>` (the rows before it), a `KeysetPage` (`keyset_paginate`)
  and `keyset_url`. A cursor holds the sort key of the boundary row, so a deep page costs what
  the first does, and rows added meanwhile never make "Neste" repeat or skip a row. An old
  `?side=N` link still works (by offset, once); its "Neste"/"Forrige" links are cursors. The
  total is counted up to a cap (`count_at_most`), never over the whole table.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Sequence
from urllib.parse import urlencode

from flask import request
from sqlalchemy import DateTime, Select, func, literal, select, tuple_

from app.core.extensions import db

#: the query argument that carries the page number
PAGE_ARG = "side"
#: beyond this a page number is clamped (a 40-digit ?side= is page 10,000, not an overflow)
MAX_PAGE = 10_000


@dataclass
class Page:
    """One page of a longer list."""

    items: Sequence[Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def page_number(args=None, name: str = PAGE_ARG) -> int:
    """The page asked for in the query string: 1 when missing or not a number, never above MAX_PAGE."""
    args = request.args if args is None else args
    try:
        number = int(args.get(name, 1))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def paginate(query: Select, page: int, per_page: int, *, scalars: bool = True) -> Page:
    """Run `query` for one page (LIMIT/OFFSET) and count all its rows."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    limited = query.limit(per_page).offset((page - 1) * per_page)
    rows = db.session.scalars(limited).unique().all() if scalars else db.session.execute(limited).all()
    return Page(rows, total, page, per_page)


def page_url(page: int) -> str:
    """The current page's URL with another page number, the other arguments kept."""
    args = request.args.to_dict(flat=True)
    args[PAGE_ARG] = str(page)
    return f"{request.path}?{urlencode(args)}"


# --- keyset pagination ---------------------------------------------------------------------

#: the query arguments that carry a cursor: rows after it, rows before it
AFTER_ARG, BEFORE_ARG = "neste", "forrige"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass
class KeysetPage:
    """One page of a list paged by keyset; `next_cursor`/`prev_cursor` are None at either end.
    `total` is exact when `total_capped` is False, else "more than `total`" (the cap)."""

    items: Sequence[Any]
    next_cursor: str | None
    prev_cursor: str | None
    total: int
    total_capped: bool
    #: whether the page was asked for with a cursor or a page number (not the first page)
    moved: bool = False

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def _encode(value) -> str:
    if isinstance(value, datetime):
        delta = value.astimezone(timezone.utc) - _EPOCH
        return str((delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds)
    return str(int(value))


def _is_moment(column) -> bool:
    return isinstance(getattr(column.type, "impl", column.type), DateTime)


def encode_cursor(row, keys: Sequence) -> str:
    """The cursor of `row`: its values of the key columns (integers, and moments as
    microseconds since 1970), joined by '.'."""
    return ".".join(_encode(getattr(row, column.key)) for column in keys)


def decode_cursor(cursor: str | None, keys: Sequence) -> list | None:
    """The key values in a cursor, or None when it is missing or not one of ours."""
    parts = (cursor or "").split(".")
    if len(parts) != len(keys) or not all(p.isascii() and p.isdigit() and len(p) <= 18
                                          for p in parts):
        return None
    try:
        return [_EPOCH + timedelta(microseconds=int(part)) if _is_moment(column) else int(part)
                for part, column in zip(parts, keys)]
    except OverflowError:  # a moment beyond year 9999
        return None


def count_at_most(query: Select, cap: int) -> tuple[int, bool]:
    """How many rows `query` has, counting no further than `cap`: (count, whether capped)."""
    limited = (query.order_by(None).with_only_columns(literal(1), maintain_column_froms=True)
               .limit(cap + 1).subquery())
    found = db.session.scalar(select(func.count()).select_from(limited)) or 0
    return min(found, cap), found > cap


def keyset_paginate(query: Select, keys: Sequence, per_page: int, *, after: str | None = None,
                    before: str | None = None, page: int = 1, cap: int = 1000,
                    counted: Select | None = None) -> KeysetPage:
    """One page of `query` ordered by `keys` (columns, all descending; the last one unique,
    such as the id), after or before a cursor; with neither, page `page` by offset (1: the
    first page). A cursor that is not one of ours gives the first page. `query` selects
    columns, the keys among them by their names; the items are its rows. Two queries: the
    capped count (of `counted` when given: the same rows without what only the page shows, such
    as the joins of its columns) and the rows (one more than a page, to know whether there is a
    next)."""
    total, capped = count_at_most(query if counted is None else counted, cap)
    key_tuple = tuple_(*keys)
    after_values, before_values = decode_cursor(after, keys), decode_cursor(before, keys)

    def bound(values):
        return tuple_(*[literal(v, column.type) for v, column in zip(values, keys)])

    if before_values is not None:
        found = list(db.session.execute(query.where(key_tuple > bound(before_values))
                                        .order_by(*[k.asc() for k in keys]).limit(per_page + 1)))
        more = len(found) > per_page
        found = found[:per_page][::-1]
        return KeysetPage(found, encode_cursor(found[-1], keys) if found else None,
                          encode_cursor(found[0], keys) if found and more else None,
                          total, capped, moved=True)
    if after_values is not None:
        query, moved = query.where(key_tuple < bound(after_values)), True
    else:
        moved = page > 1
        query = query.offset((page - 1) * per_page)
    found = list(db.session.execute(query.order_by(*[k.desc() for k in keys])
                                    .limit(per_page + 1)))
    more = len(found) > per_page
    found = found[:per_page]
    return KeysetPage(found, encode_cursor(found[-1], keys) if found and more else None,
                      encode_cursor(found[0], keys) if found and moved else None,
                      total, capped, moved=moved)


def keyset_url(after: str | None = None, before: str | None = None) -> str:
    """The current page's URL with another cursor (or none: the first page), the filters kept."""
    args = {key: value for key, value in request.args.to_dict(flat=True).items()
            if key not in (PAGE_ARG, AFTER_ARG, BEFORE_ARG)}
    if after:
        args[AFTER_ARG] = after
    elif before:
        args[BEFORE_ARG] = before
    return f"{request.path}?{urlencode(args)}" if args else request.path


def init_app(app) -> None:
    app.jinja_env.globals["page_url"] = page_url
    app.jinja_env.globals["keyset_url"] = keyset_url
