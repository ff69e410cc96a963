"""Reading the figures back from a page's HTML tables and from the CSV downloads."""
from __future__ import annotations

import csv
import html
import io
import re

ROW = re.compile(r'<tr><th scope="row">([^<]*)</th>(.*?)</tr>', re.S)


def _cells(markup: str) -> list[str]:
    return [html.unescape(v).replace("\xa0", " ") for v in re.findall(r"<td>([^<]*)</td>", markup)]


def table_rows(page: str, key: str) -> dict[str, list[str]]:
    """The rows (label -> cells) of the table in the section `table-<key>`; the total row (the
    table's foot) under "TOTAL"."""
    section = page.split(f'id="table-{key}"', 1)[1].split("</section>", 1)[0]
    body, _, foot = section.partition("<tfoot>")
    rows = {html.unescape(label): _cells(cells) for label, cells in ROW.findall(body)}
    for _label, cells in ROW.findall(foot):
        rows["TOTAL"] = _cells(cells)
    return rows


def csv_rows(response) -> dict[str, list[str]]:
    """A CSV download as key -> the cells after the key (the header row left out)."""
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    reader = list(csv.reader(io.StringIO(text), delimiter=";"))
    return {row[0]: row[1:] for row in reader[1:]}
