"""The search page: /sok/?q=&kommune=&type=&tema=&mal=&side="""
from __future__ import annotations

from urllib.parse import urlencode

from flask import render_template, request

from app.core.ratelimit import rate_limit
from app.search import bp, queries
from app.search.kinds import KINDS


def kind_url(slug: str) -> str:
    """This search with another ?type= (none for ""), from its first page."""
    args = {key: value for key, value in request.args.items() if key not in ("type", "side")}
    if slug:
        args["type"] = slug
    return f"{request.path}?{urlencode(args)}"


@bp.route("/sok/")
@rate_limit("SEARCH_RATE_LIMIT", "120 per minute", methods=None)
def index():
    filters = queries.parse_filters(request.args)
    results = queries.search(filters) if filters.asked else None
    return render_template("search/index.html", filters=filters, results=results, kinds=KINDS,
                           members=queries.member_choices(), kind_url=kind_url)
