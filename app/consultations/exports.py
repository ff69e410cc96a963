"""Archive exports: exactly the approved answers of a consultation, as CSV, JSON and ZIP.

For the municipality's archive (Noark): each answer with its metadata (received, changed,
sender, on behalf of, organisation number, status, moderation) and the answers to the
structured questions; the ZIP adds the attachments and a checksum list.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from datetime import datetime

from app.core import audit
from app.consultations.answers import approved_answers
from app.core.clock import aware, utcnow
from app.consultations.models import ConsultationAnswer, Consultation
from app.files.services import path_of
from app.core.clock import OSLO

FORMATS = ("csv", "json", "zip")

CSV_HEADER = ["answer_id", "received", "changed", "sender_name", "sender_email",
              "on_behalf_of", "organisation_number", "status", "approved_at", "text",
              "attachment"]


def _iso(value: datetime | None) -> str:
    return aware(value).astimezone(OSLO).isoformat(timespec="seconds") if value else ""


def attachment_name(answer: ConsultationAnswer) -> str:
    return f"vedlegg/{answer.id}-{answer.attachment.filename}" if answer.attachment else ""


def _answer_record(answer: ConsultationAnswer, consultation: Consultation) -> dict:
    return {
        "answer_id": answer.id,
        "received": _iso(answer.submitted_at),
        "changed": _iso(answer.changed_at),
        "sender_name": answer.author_name,
        "sender_email": answer.author.email if answer.author else "",
        "on_behalf_of": answer.organisation_name or "",
        "organisation_number": answer.organisation_number or "",
        "status": answer.status.value,
        "approved_at": _iso(answer.moderated_at),
        "text": answer.text,
        "attachment": attachment_name(answer),
        "questions": [{"question_id": q.id, "question": q.text_nb or q.text_nn,
                       "answer": answer.reply_to(q)} for q in consultation.questions],
    }


def consultation_metadata(consultation: Consultation, exported_by=None) -> dict:
    municipality = consultation.municipality
    return {
        "id": consultation.id,
        "municipality": {"name": municipality.name, "number": municipality.number},
        "title_nb": consultation.title_nb, "title_nn": consultation.title_nn,
        "kind": consultation.kind.value,
        "phase": consultation.phase.value,
        "opens_at": _iso(consultation.opens_at), "closes_at": _iso(consultation.closes_at),
        "published_at": _iso(consultation.published_at),
        "concluded_at": _iso(consultation.concluded_at),
        "short_period_reason": consultation.short_period_reason,
        "contact": {"name": consultation.contact_name, "email": consultation.contact_email,
                    "phone": consultation.contact_phone},
        "invited_bodies": [{"name": i.name, "email": i.email, "invited_at": _iso(i.invited_at)}
                           for i in consultation.invitees],
        "questions": [{"question_id": q.id, "text_nb": q.text_nb, "text_nn": q.text_nn}
                      for q in consultation.questions],
        "exported_at": _iso(utcnow()),
        "exported_by": getattr(exported_by, "email", None),
    }


def answers_csv(consultation: Consultation, answers: list[ConsultationAnswer] | None = None) -> bytes:
    """Semicolon-separated UTF-8 with a byte-order mark (opens correctly in Norwegian Excel);
    one column per structured question."""
    answers = approved_answers(consultation) if answers is None else answers
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_HEADER + [f"question_{q.id}: {q.text_nb or q.text_nn}"
                                  for q in consultation.questions])
    for answer in answers:
        record = _answer_record(answer, consultation)
        writer.writerow([record[name] for name in CSV_HEADER]
                        + [item["answer"] for item in record["questions"]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def answers_json(consultation: Consultation, exported_by=None,
                 answers: list[ConsultationAnswer] | None = None) -> bytes:
    answers = approved_answers(consultation) if answers is None else answers
    document = {"consultation": consultation_metadata(consultation, exported_by),
                "answers": [_answer_record(answer, consultation) for answer in answers]}
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def answers_zip(consultation: Consultation, exported_by=None) -> bytes:
    """answers.csv, answers.json, the attachments under vedlegg/ and SHA256SUMS."""
    answers = approved_answers(consultation)
    files = {"answers.csv": answers_csv(consultation, answers),
             "answers.json": answers_json(consultation, exported_by, answers)}
    for answer in answers:
        if answer.attachment is not None:
            path = path_of(answer.attachment)
            if path.exists():
                files[attachment_name(answer)] = path.read_bytes()
    sums = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in files.items())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr("SHA256SUMS", sums)
    return out.getvalue()


def export_answers(consultation: Consultation, actor, fmt: str) -> tuple[bytes, str, str]:
    """The export in `fmt` ("csv", "json" or "zip") as (data, mimetype, filename); the export is
    written to the audit log (who took personal data out, and how many answers)."""
    makers = {"csv": (lambda: answers_csv(consultation), "text/csv; charset=utf-8"),
              "json": (lambda: answers_json(consultation, actor), "application/json"),
              "zip": (lambda: answers_zip(consultation, actor), "application/zip")}
    if fmt not in makers:
        raise ValueError(fmt)
    make, mimetype = makers[fmt]
    data = make()
    audit.record("consultation.answers_exported", consultation, actor=actor,
                 municipality=consultation.municipality,
                 after={"format": fmt, "answers": len(approved_answers(consultation))})
    stamp = utcnow().astimezone(OSLO).strftime("%Y%m%d-%H%M")
    return data, mimetype, f"horingssvar-{consultation.id}-{stamp}.{fmt}"
