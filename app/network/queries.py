"""What is open for input now, across the network or in one municipality."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from app.consultations.models import Consultation, Phase
from app.core.clock import utcnow
from app.core.extensions import db
from app.core.i18n import localized
from app.network.labels import KIND_LABELS
from app.surveys.models import Survey
from app.votes.models import Vote

_FAR_FUTURE = datetime.max.replace(tzinfo=timezone.utc)


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
        return str(KIND_LABELS[self.kind])


def open_for_input(municipalities, limit: int | None = None) -> list[OpenItem]:
    """Open consultations, votes and surveys of these municipalities, nearest deadline first.

    Three queries whatever the number of municipalities or items; only published items that
    are open right now. Titles are in the reader's written form where there is one.
    """
    by_id = {m.id: m for m in municipalities}
    if not by_id:
        return []
    ids = list(by_id)
    items: list[OpenItem] = []

    def add(kind: str, title: str, endpoint: str, item, **ids_in_url) -> None:
        municipality = by_id[item.municipality_id]
        url = url_for(endpoint, municipality=municipality.slug, **ids_in_url)
        items.append(OpenItem(kind, title, url, municipality, item.closes_at))

    # lazyload("*"): the list needs columns only, not the relationships an area loads eagerly.
    for consultation in db.session.scalars(select(Consultation).options(lazyload("*")).where(
            Consultation.municipality_id.in_(ids), Consultation.phase == Phase.open.value)):
        add("consultation", localized(consultation, "title"), "tenant.consultations.detail",
            consultation, consultation_id=consultation.id)
    now = utcnow()
    for vote in db.session.scalars(select(Vote).options(lazyload("*")).where(
            Vote.municipality_id.in_(ids), Vote.published_at.is_not(None),
            Vote.opens_at <= now, Vote.closes_at > now)):
        add("vote", vote.title, "tenant.votes.detail", vote, vote_id=vote.id)
    for survey in db.session.scalars(select(Survey).options(lazyload("*")).where(
            Survey.municipality_id.in_(ids), Survey.is_open)):
        add("survey", localized(survey, "title"), "tenant.surveys.detail", survey,
            survey_id=survey.id)
    items.sort(key=lambda item: (item.closes_at or _FAR_FUTURE, item.title))
    return items[:limit] if limit else items
