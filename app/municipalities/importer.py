"""Import municipalities from SSB classification 131 (Klass) CSV and a målform CSV.

The whole input is read and checked before anything is written: a malformed file is refused
with its line number and nothing is half-imported. A re-run with the same files changes nothing.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from sqlalchemy import select

from app.core.extensions import db
from app.municipalities.models import Malform, ModerationMode, Municipality
from app.core.tenancy import RESERVED_SLUGS

#: county (fylke) by the first two digits of the kommunenummer, as of 2024-01-01
COUNTIES = {
    "03": "Oslo", "11": "Rogaland", "15": "Møre og Romsdal", "18": "Nordland", "31": "Østfold",
    "32": "Akershus", "33": "Buskerud", "34": "Innlandet", "39": "Vestfold", "40": "Telemark",
    "42": "Agder", "46": "Vestland", "50": "Trøndelag", "55": "Troms", "56": "Finnmark",
}

#: the Sami language administrative area and its language (NORWAY.md)
SAMI_AREA = {
    "5610": "se", "5612": "se", "5628": "se", "5622": "se", "5636": "se", "5540": "se",
    "5518": "se", "5512": "se", "1875": "smj", "1826": "sma", "5043": "sma", "5025": "sma",
    "5041": "sma",
}

MALFORM_VALUES = {"bokmål": Malform.bokmal, "bokmal": Malform.bokmal, "nynorsk": Malform.nynorsk,
                  "nøytral": Malform.noytral, "noytral": Malform.noytral}


class ImportProblem(ValueError):
    """A file that cannot be imported; the message names the file and line."""


@dataclass
class Row:
    number: str
    official_name: str
    name: str
    sami_name: str | None
    county: str
    malform: Malform | None = None
    website: str | None = None


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0


def slugify(name: str) -> str:
    """CONTRACT rule: lower case, æ→ae, ø→o, å→a, other characters → '-'."""
    text = name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _decode(raw: bytes, filename: str) -> str:
    for encoding in ("utf-8-sig", "iso-8859-1"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportProblem(f"{filename}: not UTF-8 or ISO-8859-1")


def _rows(raw: bytes, filename: str, required: tuple[str, ...]):
    text = _decode(raw, filename)
    if not text.strip():
        raise ImportProblem(f"{filename}: the file is empty")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";", quotechar='"', strict=True)
    try:
        header = reader.fieldnames or []
    except csv.Error as error:
        raise ImportProblem(f"{filename}: line 1: {error}") from error
    missing = [name for name in required if name not in header]
    if missing:
        raise ImportProblem(f"{filename}: line 1: missing column(s) {', '.join(missing)}")
    try:
        for record in reader:
            if None in record or any(value is None for value in record.values()):
                raise ImportProblem(
                    f"{filename}: line {reader.line_num}: expected {len(header)} fields")
            yield reader.line_num, {k: (v or "").strip() for k, v in record.items()}
    except csv.Error as error:
        raise ImportProblem(f"{filename}: line {reader.line_num}: {error}") from error


def parse_classification(raw: bytes, filename: str = "classification") -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for line, record in _rows(raw, filename, ("code", "name")):
        number, official = record["code"], record["name"]
        if record.get("level", "1") not in ("", "1"):
            continue
        if not re.fullmatch(r"\d{4}", number):
            raise ImportProblem(f"{filename}: line {line}: code {number!r} is not four digits")
        if not official:
            raise ImportProblem(f"{filename}: line {line}: the name is empty")
        county = COUNTIES.get(number[:2])
        if county is None:
            raise ImportProblem(f"{filename}: line {line}: no county has the number {number[:2]}")
        if number in rows:
            raise ImportProblem(f"{filename}: line {line}: code {number} appears twice")
        parts = [part.strip() for part in official.split(" - ")]
        name = parts[-1]
        sami = " - ".join(parts[:-1]) or None
        rows[number] = Row(number, official, name, sami, county)
    if not rows:
        raise ImportProblem(f"{filename}: no municipalities in the file")
    return rows


def parse_malform(raw: bytes, rows: dict[str, Row], filename: str = "malform") -> None:
    for line, record in _rows(raw, filename, ("kommunenummer", "malform")):
        number = record["kommunenummer"].zfill(4)
        value = MALFORM_VALUES.get(record["malform"].lower())
        if value is None:
            raise ImportProblem(f"{filename}: line {line}: unknown målform {record['malform']!r} "
                                "(bokmål, nynorsk or nøytral)")
        if number not in rows:
            raise ImportProblem(f"{filename}: line {line}: kommunenummer {number} is not in the "
                                "classification file")
        rows[number].malform = value
        website = record.get("nettsted") or None
        if website and not website.startswith(("http://", "https://")):
            website = "https://" + website
        rows[number].website = website


def _slugs(rows: dict[str, Row], existing: dict[str, Municipality]) -> dict[str, str]:
    """A unique slug per new municipality; names that clash get their county added."""
    by_name: dict[str, list[str]] = {}
    for row in rows.values():
        by_name.setdefault(slugify(row.name), []).append(row.number)
    taken = {m.slug: number for number, m in existing.items()}
    slugs = {}
    for row in rows.values():
        if row.number in existing:
            continue
        base = slugify(row.name)
        slug = base if len(by_name[base]) == 1 else f"{base}-{slugify(row.county)}"
        if slug in taken and taken[slug] != row.number:
            slug = f"{slug}-{row.number}"
        if slug in RESERVED_SLUGS:
            slug = f"{slug}-{row.number}"
        taken[slug] = row.number
        slugs[row.number] = slug
    return slugs


def import_municipalities(classification: bytes, malform: bytes | None = None, *,
                          classification_name: str = "classification",
                          malform_name: str = "malform", progress=None) -> ImportResult:
    """Create or update municipalities; flushes, never commits. Raises ImportProblem."""
    rows = parse_classification(classification, classification_name)
    if malform is not None:
        parse_malform(malform, rows, malform_name)
    existing = {m.number: m for m in db.session.scalars(select(Municipality))}
    slugs = _slugs(rows, existing)
    result = ImportResult()
    for row in rows.values():
        municipality = existing.get(row.number)
        if municipality is None:
            municipality = Municipality(
                number=row.number, slug=slugs[row.number], is_active=False,
                default_locale="nn" if row.malform is Malform.nynorsk else "nb",
                enabled_locales="nb,nn,en,se" if row.number in SAMI_AREA else "nb,nn,en",
                malform=row.malform or Malform.noytral, moderation_mode=ModerationMode.post,
                embed_origins="")
            db.session.add(municipality)
            result.created.append(row.number)
        changed = False
        values = {"official_name": row.official_name, "name": row.name, "sami_name": row.sami_name,
                  "county": row.county}
        if malform is not None:
            values.update(malform=row.malform or Malform.noytral, website=row.website)
        for key, value in values.items():
            if getattr(municipality, key, None) != value:
                setattr(municipality, key, value)
                changed = True
        if changed and row.number not in result.created:
            result.updated.append(row.number)
        elif not changed:
            result.unchanged += 1
        if progress:
            progress(row)
    db.session.flush()
    return result
