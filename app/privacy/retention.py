"""Retention: a municipality's `retention_days` after a consultation or survey closes, and once
its answers were exported for the archive, the personal data in its answers goes.

What goes: a consultation answer's sender name (replaced by "Tidligere deltaker") and its account
link (the answer, its attachment's uploader and the audit log's actor of the answer's events); a
survey response's account and its free-text answers' author. What stays: the text, the
organisation, the figures. IP addresses are never stored. The archive export is what the audit
log records as "consultation.answers_exported" / "survey.answers_exported" at or after the deadline
(an export before the deadline may lack answers, so it does not count).

`plan` reads; `apply` writes and is idempotent (an item already anonymised has nothing due).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, func, or_, select, update

from app.consultations.models import Consultation, ConsultationAnswer
from app.core import audit
from app.core.audit import AuditEvent
from app.core.clock import utcnow
from app.core.extensions import db
from app.files.models import StoredFile
from app.municipalities.models import Municipality
from app.privacy.erasure import former_participant
from app.surveys.models import Survey, SurveyResponse, SurveyStatus, SurveyTextAnswer

CONSULTATION_EXPORT = "consultation.answers_exported"
SURVEY_EXPORT = "survey.answers_exported"


@dataclass
class Due:
    """One consultation or survey whose answers are due, and how many still hold personal data."""

    kind: str  # "consultation" or "survey"
    item: Consultation | Survey
    municipality: Municipality
    answers: int

    @property
    def label(self) -> str:
        title = self.item.title_nb or self.item.title_nn or f"#{self.item.id}"
        return f"{self.municipality.slug}: {self.kind} {self.item.id} «{title}»"


def exported_after_close(action: str, object_type: str, model):
    return exists().where(AuditEvent.action == action, AuditEvent.object_type == object_type,
                          AuditEvent.object_id == model.id,
                          AuditEvent.created_at >= model.closes_at)


def _consultation_pending(municipality):
    """Answers that still carry a name or an account."""
    name = former_participant(municipality)
    return or_(ConsultationAnswer.author_id.is_not(None), ConsultationAnswer.author_name != name)


def plan(municipalities: list[Municipality], now: datetime | None = None) -> list[Due]:
    """What is due now in these municipalities (those with `retention_days` set), in order."""
    now = now or utcnow()
    due = []
    for town in municipalities:
        if not town.retention_days:
            continue
        cutoff = now - timedelta(days=town.retention_days)
        rows = db.session.execute(
            select(Consultation, func.count(ConsultationAnswer.id))
            .join(ConsultationAnswer, and_(ConsultationAnswer.consultation_id == Consultation.id,
                                           _consultation_pending(town)))
            .where(Consultation.municipality_id == town.id,
                   Consultation.published_at.is_not(None), Consultation.closes_at < cutoff,
                   exported_after_close(CONSULTATION_EXPORT, "consultation", Consultation))
            .group_by(Consultation.id).order_by(Consultation.closes_at, Consultation.id))
        due += [Due("consultation", item, town, n) for item, n in rows]
        pending = or_(SurveyResponse.user_id.is_not(None), exists().where(
            SurveyTextAnswer.response_id == SurveyResponse.id,
            SurveyTextAnswer.author_id.is_not(None)))
        rows = db.session.execute(
            select(Survey, func.count(SurveyResponse.id))
            .join(SurveyResponse, and_(SurveyResponse.survey_id == Survey.id, pending))
            .where(Survey.municipality_id == town.id, Survey.status == SurveyStatus.published,
                   Survey.closes_at.is_not(None), Survey.closes_at < cutoff,
                   exported_after_close(SURVEY_EXPORT, "survey", Survey))
            .group_by(Survey.id).order_by(Survey.closes_at, Survey.id))
        due += [Due("survey", item, town, n) for item, n in rows]
    return due


def apply(due: Due) -> int:
    """Anonymise the answers of one due item; the number of answers changed. Flushes and
    audits ("retention.anonymised", counts only), never commits."""
    if due.kind == "consultation":
        changed = _anonymise_consultation(due.item, due.municipality)
    else:
        changed = _anonymise_survey(due.item)
    if changed:
        audit.record("retention.anonymised", due.item, municipality=due.municipality,
                     after={"answers": changed, "retention_days": due.municipality.retention_days})
    return changed


def _anonymise_consultation(consultation: Consultation, municipality: Municipality) -> int:
    answers = ConsultationAnswer.__table__
    ids = db.session.scalars(select(ConsultationAnswer.id).where(
        ConsultationAnswer.consultation_id == consultation.id,
        _consultation_pending(municipality))).all()
    if not ids:
        return 0
    db.session.execute(update(StoredFile).where(StoredFile.id.in_(
        select(answers.c.attachment_id).where(answers.c.id.in_(ids)))).values(uploaded_by_id=None))
    # the audit log's link from the answer's events to its sender (the log's one exception to
    # append-only, as for an erased account: app/privacy/erasure.py)
    db.session.execute(update(AuditEvent.__table__).where(
        AuditEvent.__table__.c.object_type == "consultationanswer",
        AuditEvent.__table__.c.object_id.in_(ids)).values(actor_id=None))
    db.session.execute(update(answers).where(answers.c.id.in_(ids)).values(
        author_name=former_participant(municipality), author_id=None))
    db.session.expire_all()
    return len(ids)


def _anonymise_survey(survey: Survey) -> int:
    response_ids = select(SurveyResponse.id).where(SurveyResponse.survey_id == survey.id)
    changed = db.session.scalar(select(func.count()).select_from(SurveyResponse).where(
        SurveyResponse.survey_id == survey.id, or_(
            SurveyResponse.user_id.is_not(None), exists().where(
                SurveyTextAnswer.response_id == SurveyResponse.id,
                SurveyTextAnswer.author_id.is_not(None))))) or 0
    db.session.execute(update(SurveyTextAnswer.__table__).where(
        SurveyTextAnswer.__table__.c.response_id.in_(response_ids)).values(author_id=None))
    db.session.execute(update(SurveyResponse.__table__).where(
        SurveyResponse.__table__.c.survey_id == survey.id).values(user_id=None))
    db.session.expire_all()
    return changed
