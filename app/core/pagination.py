"""One way to page through a list: `?side=N`, a `Page` of rows, and the `pagination` macro
(`templates/macros/pagination.html`) that links to the neighbouring pages with the other query
arguments kept."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence
from urllib.parse import urlencode

from flask import request
from sqlalchemy import Select, func, select

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


def init_app(app) -> None:
    app.jinja_env.globals["page_url"] = page_url
