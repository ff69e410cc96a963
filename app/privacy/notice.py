"""What the privacy notice and the admins' retention overview show, read from the municipality."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import not_, select

from app.consultations.labels import render_text
from app.consultations.models import Consultation
from app.core.clock import utcnow
from app.core.extensions import db
from app.core.i18n import localized
from app.privacy import retention
from app.surveys.models import Survey, SurveyStatus

#: closed items listed as waiting for their archive export, at most
WAITING_LIMIT = 50


def notice_context(municipality) -> dict:
    """The controller (the municipality's own wording, else its official name), its own text in
    the reader's written form as safe HTML, the retention period and the contact."""
    own = localized(municipality, "privacy_notice")
    return {"controller": (municipality.privacy_controller or "").strip()
            or municipality.official_name,
            "own_text": render_text(own) if own else None, "own_lang": own.lang,
            "retention_days": municipality.retention_days,
            "contact": municipality.privacy_contact}


def retention_overview(municipality, due: list) -> dict:
    """The retention period, what `flask retention run` would anonymise now, and what closed
    without an archive export after its deadline (so it is never due)."""
    now = utcnow()
    waiting = []
    if municipality.retention_days:
        cutoff = now - timedelta(days=municipality.retention_days)
        waiting += [("consultation", c) for c in db.session.scalars(
            select(Consultation).where(
                Consultation.municipality_id == municipality.id,
                Consultation.published_at.is_not(None), Consultation.closes_at < cutoff,
                not_(retention.exported_after_close(retention.CONSULTATION_EXPORT,
                                                     "consultation", Consultation)))
            .order_by(Consultation.closes_at).limit(WAITING_LIMIT))]
        waiting += [("survey", s) for s in db.session.scalars(
            select(Survey).where(
                Survey.municipality_id == municipality.id, Survey.status == SurveyStatus.published,
                Survey.closes_at.is_not(None), Survey.closes_at < cutoff,
                not_(retention.exported_after_close(retention.SURVEY_EXPORT, "survey", Survey)))
            .order_by(Survey.closes_at).limit(WAITING_LIMIT))]
    return {"retention_days": municipality.retention_days, "due": due, "waiting_items": waiting}
