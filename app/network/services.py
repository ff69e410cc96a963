"""What is open for input now, across the network or in one municipality."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from flask import url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.core.extensions import db

KINDS = {"consultation": _l("Consultation"), "vote": _l("Vote"), "survey": _l("Survey")}


@dataclass
class OpenItem:
    kind: str
    title: str
    url: str
    municipality: object
    #: None for a survey that stays open until the municipality closes it
    closes_at: datetime | None

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])


def _as_utc(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def open_for_input(municipalities, limit: int | None = None) -> list[OpenItem]:
    """Open consultations, votes and surveys of these municipalities, nearest deadline first.

    Three queries whatever the number of municipalities or items; only published items that
    are open right now.
    """
    # The areas import the tenancy and municipality modules that import this one: load late.
    from app.consultations.models import Consultation, Phase
    from app.surveys.models import Survey
    from app.core.i18n import localized
    from app.votes.models import Vote

    by_id = {m.id: m for m in municipalities}
    ids = list(by_id)
    if not ids:
        return []
    written_form = "nn" if str(get_locale() or "nb") == "nn" else "nb"
    now = datetime.now(timezone.utc)
    items: list[OpenItem] = []
    for consultation in db.session.scalars(
            select(Consultation)
            .where(Consultation.municipality_id.in_(ids), Consultation.phase == Phase.open.value)):
        items.append(OpenItem("consultation", localized(consultation, "title", written_form),
                              url_for("tenant.consultations.detail", consultation_id=consultation.id,
                                      municipality=by_id[consultation.municipality_id].slug),
                              by_id[consultation.municipality_id], _as_utc(consultation.closes_at)))
    for vote in db.session.scalars(
            select(Vote)
            .where(Vote.municipality_id.in_(ids), Vote.published_at.is_not(None),
                   Vote.opens_at <= now, Vote.closes_at > now)):
        items.append(OpenItem("vote", vote.title,
                              url_for("tenant.votes.detail", vote_id=vote.id,
                                      municipality=by_id[vote.municipality_id].slug),
                              by_id[vote.municipality_id], _as_utc(vote.closes_at)))
    for survey in db.session.scalars(
            select(Survey)
            .where(Survey.municipality_id.in_(ids), Survey.is_open)):
        items.append(OpenItem("survey", localized(survey, "title", written_form),
                              url_for("tenant.surveys.detail", survey_id=survey.id,
                                      municipality=by_id[survey.municipality_id].slug),
                              by_id[survey.municipality_id], _as_utc(survey.closes_at)))
    far_future = datetime.max.replace(tzinfo=timezone.utc)
    items.sort(key=lambda item: (item.closes_at or far_future, item.title))
    return items[:limit] if limit else items
