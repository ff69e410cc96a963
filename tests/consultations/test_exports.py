"""Archive exports contain exactly the approved answers, with their metadata and attachments."""
from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from sqlalchemy import select

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
    assert response.headers["Cache-Control"] == "private, no-store"
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


def test_unknown_format_is_a_404(client, exported):
    consultation, _ = exported
    assert client.get(f"/arkiv/admin/horinger/{consultation.id}/eksport/xlsx").status_code == 404
