"""Reads: the public list, the admin list, a person's own answers, the approved answers, the
municipality's defaults, and the archive files built from the approved answers.

The archive export (for the municipality's archive, Noark) holds exactly the approved answers:
each with its metadata (received, changed, sender, on behalf of, organisation number, status,
moderation) and the replies to the structured questions, as CSV and JSON; the ZIP adds the
attachments and a checksum list. Writing the export to the audit log is a write, in
`admin_services.export_answers`.
"""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import datetime

from sqlalchemy import case, select

from app.consultations.models import (
    AnswerVisibility, Consultation, ConsultationAnswer, ConsultationSettings, Phase,
)
from app.core.clock import OSLO, aware, utcnow
from app.core.exports import csv_text
from app.core.extensions import db
from app.files.services import read_bytes

# --- lists ---------------------------------------------------------------------------------------

def published_consultations(municipality) -> list[Consultation]:
    """The public list: open ones first (nearest deadline first), then the coming ones, then
    closed and concluded ones (most recent deadline first)."""
    phase = Consultation.phase
    is_open, is_scheduled = phase == Phase.open.value, phase == Phase.scheduled.value
    return list(db.session.scalars(
        select(Consultation)
        .where(Consultation.municipality_id == municipality.id, phase != Phase.draft.value)
        .order_by(case((is_open, 0), (is_scheduled, 1), else_=2),
                  case((is_open, Consultation.closes_at)),
                  case((is_scheduled, Consultation.opens_at)),
                  Consultation.closes_at.desc(), Consultation.id)))


def all_consultations(municipality) -> list[Consultation]:
    """Every consultation of the municipality, drafts included, newest first (admin list)."""
    return list(db.session.scalars(
        select(Consultation).where(Consultation.municipality_id == municipality.id)
        .order_by(Consultation.created_at.desc(), Consultation.id.desc())))


def settings_for(municipality) -> ConsultationSettings:
    """The municipality's consultation settings; unsaved defaults when it has none yet."""
    settings = db.session.scalar(select(ConsultationSettings).where(
        ConsultationSettings.municipality_id == municipality.id))
    return settings or ConsultationSettings(municipality_id=municipality.id,
                                            default_answer_visibility=AnswerVisibility.after_deadline)


def answers_of(consultation: Consultation, author) -> list[ConsultationAnswer]:
    """The answers this person sent to the consultation (withdrawn ones included)."""
    if author is None or not getattr(author, "is_authenticated", False):
        return []
    return list(db.session.scalars(
        select(ConsultationAnswer).where(ConsultationAnswer.consultation_id == consultation.id,
                                         ConsultationAnswer.author_id == author.id)
        .order_by(ConsultationAnswer.created_at)))


def approved_answers(consultation: Consultation) -> list[ConsultationAnswer]:
    """Exactly the approved answers, oldest first: what the public sees and the archive gets."""
    return list(db.session.scalars(
        select(ConsultationAnswer).where(ConsultationAnswer.consultation_id == consultation.id,
                                         ConsultationAnswer.is_approved)
        .order_by(ConsultationAnswer.created_at, ConsultationAnswer.id)))


# --- the archive export ----------------------------------------------------------------------

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
    """The approved answers through the one CSV writer (`;`, BOM, formula-safe cells), one column
    per structured question."""
    answers = approved_answers(consultation) if answers is None else answers
    header = CSV_HEADER + [f"question_{q.id}: {q.text_nb or q.text_nn}"
                           for q in consultation.questions]
    rows = []
    for answer in answers:
        record = _answer_record(answer, consultation)
        rows.append([record[name] for name in CSV_HEADER]
                    + [item["answer"] for item in record["questions"]])
    return csv_text(header, rows).encode("utf-8")


def answers_json(consultation: Consultation, exported_by=None,
                 answers: list[ConsultationAnswer] | None = None) -> bytes:
    """The consultation's metadata and every approved answer, as UTF-8 JSON."""
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
            try:
                files[attachment_name(answer)] = read_bytes(answer.attachment)
            except FileNotFoundError:
                pass
    sums = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in files.items())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr("SHA256SUMS", sums)
    return out.getvalue()
