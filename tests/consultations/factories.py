"""Builders for consultation tests: times in Oslo, upload bytes, consultations and answers
straight in the database. The fixtures in conftest.py call these."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from app.consultations.models import (
    AnswerVisibility, Consultation, ConsultationAnswer, ConsultationInvitee, ConsultationKind,
    ConsultationQuestion,
)
from app.core import clock
from app.core.clock import OSLO
from app.core.extensions import db
from app.moderation.models import ModerationState
from tests.files.factories import odt_bytes, pdf_bytes, upload  # noqa: F401 (the area's tests import them from here)

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200


def oslo(*args) -> datetime:
    """An Oslo wall-clock time as an aware datetime: oslo(2027, 1, 15, 23, 59)."""
    return datetime(*args, tzinfo=OSLO)








class Clock:
    """Moves the one clock: `clock.set(oslo(2027, 1, 15, 23, 59, 59))`."""

    def set(self, value: datetime) -> datetime:
        clock.frozen_now = value.astimezone(timezone.utc)
        return clock.frozen_now

    def now(self) -> datetime:
        return clock.utcnow()


def make_consultation(municipality, *, kind: str = "general", opens: datetime | None = None,
                      closes: datetime | None = None, published: bool = True,
                      visibility: str = "after_deadline",
                      title_nb: str | None = "Ny skole på Holmen", title_nn: str | None = None, questions=(), concluded: bool = False,
                      invitees=(), **fields) -> Consultation:
    """A consultation straight in the database (published unless `published=False`; open from
    yesterday for 30 days unless told otherwise), committed."""
    now = clock.utcnow()
    opens = opens or now - timedelta(days=1)
    closes = closes or now + timedelta(days=30)
    consultation = Consultation(
        municipality_id=municipality.id, kind=ConsultationKind(kind),
        title_nb=title_nb, summary_nb="Kort om saken." if title_nb else None,
        body_nb="Hele teksten." if title_nb else None,
        title_nn=title_nn, summary_nn="Kort om saka." if title_nn else None,
        body_nn="Heile teksten." if title_nn else None,
        opens_at=opens.astimezone(timezone.utc), closes_at=closes.astimezone(timezone.utc),
        published_at=(opens - timedelta(days=1)).astimezone(timezone.utc) if published else None,
        answer_visibility=AnswerVisibility(visibility), **fields)
    if concluded:
        consultation.conclusion_nb = "Kommunestyret vedtok planen."
        consultation.concluded_at = closes.astimezone(timezone.utc) + timedelta(days=7)
    for position, text in enumerate(questions):
        consultation.questions.append(ConsultationQuestion(position=position, text_nb=text))
    for name, email in invitees:
        consultation.invitees.append(ConsultationInvitee(municipality_id=municipality.id,
                                                         name=name, email=email))
    db.session.add(consultation)
    db.session.commit()
    return consultation


def make_answer(consultation, author, *, status: str = "approved",
                text: str = "Jeg støtter planen.", organisation_name: str | None = None,
                organisation_number: str | None = None, attachment=None) -> ConsultationAnswer:
    """An answer straight in the database, approved unless told otherwise, committed."""
    state = {"approved": "published", "withdrawn": "hidden"}.get(status, status)
    answer = ConsultationAnswer(
        consultation_id=consultation.id, municipality_id=consultation.municipality_id,
        author_id=author.id, author_name=author.display_name, text=text,
        organisation_name=organisation_name, organisation_number=organisation_number,
        moderation_state=ModerationState(state), public_notice_accepted=True,
        created_at=clock.utcnow(), attachment=attachment,
        withdrawn_at=clock.utcnow() if status == "withdrawn" else None)
    db.session.add(answer)
    db.session.commit()
    return answer


def consultation_in_phase(municipality, phase: str, **fields) -> Consultation:
    """A consultation in `phase` ("draft", "scheduled", "open", "closed" or "concluded") by the
    clock as it is now."""
    now = clock.utcnow()
    dates = {"draft": (now - timedelta(days=1), now + timedelta(days=30)),
             "scheduled": (now + timedelta(days=5), now + timedelta(days=50)),
             "open": (now - timedelta(days=1), now + timedelta(days=30)),
             "closed": (now - timedelta(days=60), now - timedelta(days=10)),
             "concluded": (now - timedelta(days=60), now - timedelta(days=10))}[phase]
    return make_consultation(municipality, opens=dates[0], closes=dates[1],
                             published=phase != "draft", concluded=phase == "concluded", **fields)
