"""The downloads themselves: a dataset's rows as CSV (the one CSV writer, app/core/exports) and
as JSON, its README, and the catalogue; all public and cacheable, with Last-Modified where known.
"""
from __future__ import annotations

import json
from datetime import datetime

from flask import Response, render_template, request

from app.core.clock import utcnow
from app.core.exports import csv_response, csv_text
from app.opendata.catalogue import JSONLD_CONTEXT
from app.opendata.datasets import NLOD_PAGE, NLOD_URI, SUPPRESS_BELOW, Dataset

#: how long a cache (browser, proxy, data.norge.no) may keep a download, in seconds
MAX_AGE = 3600


def public(response: Response, modified: datetime | None = None) -> Response:
    """Mark `response` public and cacheable; with `modified`, answer If-Modified-Since with 304."""
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    if modified is not None:
        response.last_modified = modified.replace(microsecond=0)
        response.make_conditional(request)
    return response


def _cell(value):
    if value is True:
        return "true"
    if value is False:
        return "false"
    return value


def csv_download(dataset: Dataset, rows: list[dict], filename: str) -> Response:
    body = csv_text(dataset.column_names, ([_cell(row[name]) for name in dataset.column_names]
                                           for row in rows))
    return csv_response(body, filename)


def json_download(dataset: Dataset, rows: list[dict], scope: str, filename: str) -> Response:
    """The rows with the metadata a reader needs: licence, suppression rule, columns."""
    payload = {
        "datasett": dataset.key, "tittel": str(dataset.title), "omfang": scope,
        "beskrivelse": str(dataset.description), "lisens": NLOD_URI, "lisens_side": NLOD_PAGE,
        "prikking": {"under": SUPPRESS_BELOW, "verdi": None, "flagg": "prikket"},
        "laget": utcnow().replace(microsecond=0).isoformat(),
        "kolonner": [{"navn": c.name, "beskrivelse": str(c.description)} for c in dataset.columns],
        "rader": rows,
    }
    response = Response(json.dumps(payload, ensure_ascii=False, indent=1),
                        content_type="application/json; charset=utf-8")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def readme(dataset: Dataset, scope: str, links: dict[str, str]) -> Response:
    text = render_template("opendata/readme.txt", dataset=dataset, scope=scope, links=links,
                           nlod_page=NLOD_PAGE, suppress_below=SUPPRESS_BELOW)
    return Response(text, content_type="text/markdown; charset=utf-8")


def catalogue(graph, fmt: str) -> Response:
    if fmt == "ttl":
        return Response(graph.serialize(format="turtle"), content_type="text/turtle; charset=utf-8")
    body = graph.serialize(format="json-ld", context=JSONLD_CONTEXT, auto_compact=True)
    return Response(body, content_type="application/ld+json; charset=utf-8")
