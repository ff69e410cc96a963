"""The one CSV writer for every export in the app.

Spreadsheet-friendly: UTF-8 with a byte-order mark, `;` between cells (Norwegian Excel), CRLF line
ends. Every cell goes through `cell()`, so a value that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return is written with a leading apostrophe and is never run as a formula
(CSV/formula injection). `csv_response` sends it as a download that no cache keeps.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Iterator

from flask import Response

BOM = "\ufeff"
DELIMITER = ";"
#: first characters a spreadsheet reads as the start of a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """A value as CSV cell text that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_lines(rows: Iterable[Iterable[Any]]) -> str:
    """Rows as CSV text (no BOM), every value through `cell()`."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return out.getvalue()


def csv_text(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> str:
    """A whole CSV file: BOM, the header row and the rows."""
    return BOM + csv_lines([header]) + csv_lines(rows)


def csv_stream(header: Iterable[Any], batches: Iterable[Iterable[Iterable[Any]]]) -> Iterator[str]:
    """A CSV file in pieces, for long exports: the header first, then one piece per batch of rows."""
    yield BOM + csv_lines([header])
    for batch in batches:
        yield csv_lines(batch)


def csv_response(body: str | bytes | Iterable[str], filename: str) -> Response:
    """A CSV download: `text/csv; charset=utf-8` (once), attachment, never cached."""
    response = Response(body, content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
