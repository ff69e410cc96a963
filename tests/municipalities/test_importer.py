"""`flask municipalities import`: all 357, idempotent, refuses bad files whole."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.municipalities.importer import slugify
from app.municipalities.models import Malform, Municipality

DATA = Path(__file__).resolve().parents[2] / "data"
CLASSIFICATION = DATA / "kommuner-klass-131.csv"
MALFORM = DATA / "malform-2025.csv"


def run_import(runner, *files):
    args = ["municipalities", "import", str(files[0])]
    if len(files) > 1:
        args += ["--malform", str(files[1])]
    return runner.invoke(args=args)


def count(db) -> int:
    return db.session.scalar(select(func.count(Municipality.id)))


def by_number(db, number: str) -> Municipality:
    return db.session.scalar(select(Municipality).where(Municipality.number == number))


def test_all_357_import_with_malform_slugs_and_sami_names(runner, db):
    result = run_import(runner, CLASSIFICATION, MALFORM)
    assert result.exit_code == 0, result.output
    assert "357 created" in result.output
    assert count(db) == 357
    counts = dict(db.session.execute(
        select(Municipality.malform, func.count()).group_by(Municipality.malform)).all())
    assert counts == {Malform.bokmal: 119, Malform.nynorsk: 88, Malform.noytral: 150}

    voss = by_number(db, "4621")
    assert (voss.slug, voss.default_locale, voss.county) == ("voss", "nn", "Vestland")
    kautokeino = by_number(db, "5612")
    assert kautokeino.official_name == "Guovdageaidnu - Kautokeino"
    assert (kautokeino.name, kautokeino.sami_name, kautokeino.slug) == \
        ("Kautokeino", "Guovdageaidnu", "kautokeino")
    assert "se" in kautokeino.locales and "se" not in by_number(db, "0301").locales
    sami_area = db.session.scalar(select(func.count()).where(
        Municipality.enabled_locales.like("%se%")))
    assert sami_area == 13
    assert {by_number(db, n).slug for n in ("1515", "1818", "3114", "3419")} == {
        "heroy-more-og-romsdal", "heroy-nordland", "valer-ostfold", "valer-innlandet"}
    assert len({m.slug for m in db.session.scalars(select(Municipality))}) == 357
    assert by_number(db, "0301").website == "https://www.oslo.kommune.no"


def test_rerun_changes_nothing(runner, db):
    run_import(runner, CLASSIFICATION, MALFORM)
    asker = by_number(db, "3203")
    asker.default_locale = "nn"
    asker.is_active = True
    db.session.commit()
    result = run_import(runner, CLASSIFICATION, MALFORM)
    assert result.exit_code == 0
    assert "0 created, 0 updated, 357 unchanged" in result.output
    db.session.expire_all()
    asker = by_number(db, "3203")
    assert (asker.default_locale, asker.is_active, asker.slug) == ("nn", True, "asker")


def test_iso_8859_1_is_read(runner, db, tmp_path):
    latin = tmp_path / "latin.csv"
    first_rows = "\n".join(CLASSIFICATION.read_text("utf-8").splitlines()[:40])
    latin.write_bytes(first_rows.encode("iso-8859-1"))
    result = run_import(runner, latin)
    assert result.exit_code == 0, result.output
    assert by_number(db, "1103").name == "Stavanger"
    assert any("ø" in m.name or "å" in m.name or "æ" in m.name
               for m in db.session.scalars(select(Municipality)))


@pytest.mark.parametrize("line,expected", [
    ('"12AB";"";"1";"Feilby";"";"";"2024-01-01";"";""', "line 5: code '12AB' is not four digits"),
    ('"9901";"";"1";"Nowhere";"";"";"2024-01-01";"";""', "line 5: no county has the number 99"),
    ('"1101";"";"1";"Dobbel";"";"";"2024-01-01";"";""', "line 5: code 1101 appears twice"),
    ('"1108";"";"1";"";"";"";"2024-01-01";"";""', "line 5: the name is empty"),
    ('"1108";"";"1"', "line 5: expected 9 fields"),
])
def test_malformed_file_is_refused_with_its_line_and_nothing_is_imported(runner, db, tmp_path,
                                                                          line, expected):
    lines = CLASSIFICATION.read_text("utf-8").splitlines()
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines[:4] + [line] + lines[4:]), "utf-8")
    result = run_import(runner, bad)
    assert result.exit_code == 1
    assert expected in result.output
    assert "Nothing was imported" in result.output
    assert count(db) == 0


def test_bad_malform_file_is_refused_whole(runner, db, tmp_path):
    bad = tmp_path / "malform.csv"
    bad.write_text(MALFORM.read_text("utf-8").replace("4621;Voss;nynorsk", "4621;Voss;latin"), "utf-8")
    result = run_import(runner, CLASSIFICATION, bad)
    assert result.exit_code == 1
    assert "unknown målform 'latin'" in result.output
    assert count(db) == 0


def test_missing_columns_and_empty_files(runner, db, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("", "utf-8")
    assert "the file is empty" in run_import(runner, empty).output
    wrong = tmp_path / "wrong.csv"
    wrong.write_text('"kode";"navn"\n"0301";"Oslo"\n', "utf-8")
    result = run_import(runner, wrong)
    assert result.exit_code == 1 and "missing column(s) code, name" in result.output


@pytest.mark.parametrize("name,slug", [("Bærum", "baerum"), ("Ås", "as"), ("Nord-Aurdal", "nord-aurdal"),
                                       ("Øvre Eiker", "ovre-eiker"), ("Hå", "ha")])
def test_slug_rule(name, slug):
    assert slugify(name) == slug
