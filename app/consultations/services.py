"""Writes a resident makes: answers (høringssvar) are submitted, changed and withdrawn.

Every answer waits in the municipality's shared moderation queue (app/moderation) until a
moderator approves it there; only approved answers are ever shown to the public or exported for
the archive. A changed answer goes back to the queue; a withdrawn one leaves it. Services take
objects, flush, write the audit log, queue mail and never commit. The municipality's admin
writes are in `admin_services.py`.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from app.consultations.models import (
    AnswerStatus, Consultation, ConsultationAnswer, Phase, QuestionReply,
)
from app.core import audit
from app.core.clock import utcnow
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.i18n import WRITTEN_FORMS, localized
from app.core.mail import external_url, queue_mail
from app.core.orgnumber import normalise_org_number
from app.files.services import save_document
from app.moderation.models import ModerationState
from app.moderation.services import item_submitted

class ConsultationError(ServiceError):
    """A request a consultation cannot take; the message is safe to show."""


def _refuse_unless_open(consultation: Consultation, now: datetime | None = None) -> None:
    phase = consultation.phase_at(now or utcnow())
    if phase is Phase.scheduled or phase is Phase.draft:
        raise ConsultationError(str(_l("The consultation is not open for answers yet.")))
    if phase is not Phase.open:
        raise ConsultationError(str(_l("The deadline has passed. The consultation no longer "
                                       "accepts answers.")))


def _apply(answer: ConsultationAnswer, data: dict) -> None:
    if data.get("on_behalf") == "organisation":
        name = (data.get("organisation_name") or "").strip()
        number = normalise_org_number(data.get("organisation_number"))
        if not name or number is None:
            raise ConsultationError(str(_l("Give the organisation's name and a valid "
                                           "organisation number (nine digits).")))
        answer.organisation_name, answer.organisation_number = name, number
    else:
        answer.organisation_name = answer.organisation_number = None
    text = (data.get("text") or "").strip()
    if not text:
        raise ConsultationError(str(_l("Write your answer.")))
    answer.text = text
    replies = data.get("replies") or {}
    by_question = {reply.question_id: reply for reply in answer.replies}
    for question in answer.consultation.questions:
        value = (replies.get(question.id) or "").strip()
        if question.id in by_question:
            by_question[question.id].text = value
        elif value:
            answer.replies.append(QuestionReply(question_id=question.id, text=value))


def _snapshot(answer: ConsultationAnswer) -> dict:
    return {"organisation_name": answer.organisation_name,
            "organisation_number": answer.organisation_number, "text": answer.text,
            "replies": {str(r.question_id): r.text for r in answer.replies},
            "attachment": answer.attachment.filename if answer.attachment else None,
            "status": answer.status.value}


def _attach(answer: ConsultationAnswer, author, attachment) -> None:
    if attachment is not None and getattr(attachment, "filename", None):
        answer.attachment = save_document(attachment, answer.consultation.municipality, author)


def submit_answer(consultation: Consultation, author, data: dict, attachment=None, *,
                  notify: bool = True, now: datetime | None = None) -> ConsultationAnswer:
    """Receive an answer from a signed-in person, for themselves or an organisation.

    The answer waits for moderation; the sender gets a receipt with a copy. Refuses answers
    before the opening and after the deadline, without the public-document notice accepted,
    an organisation without a valid organisation number, and attachments that are not PDF,
    DOCX or ODT by content (UploadError)."""
    _refuse_unless_open(consultation, now)
    if not data.get("public_notice_accepted"):
        raise ConsultationError(str(_l("Confirm that you have read that answers are public.")))
    now = now or utcnow()
    answer = ConsultationAnswer(
        consultation=consultation, municipality_id=consultation.municipality_id,
        author_id=author.id, author=author, author_name=author.display_name,
        moderation_state=ModerationState.pending, public_notice_accepted=True, created_at=now)
    db.session.add(answer)
    _apply(answer, data)
    _attach(answer, author, attachment)
    db.session.flush()
    audit.record("answer.submitted", answer, actor=author, municipality=consultation.municipality,
                 after=_snapshot(answer))
    if notify:
        item_submitted(answer, consultation.municipality)
        _mail_sender(answer, "received")
    return answer


def change_answer(answer: ConsultationAnswer, author, data: dict, attachment=None, *,
                  remove_attachment: bool = False, notify: bool = True) -> bool:
    """Change an answer until the deadline; it goes back to the moderation queue. Returns
    False when nothing changed. Refuses after the deadline and withdrawn or rejected answers."""
    _refuse_unless_open(answer.consultation)
    if answer.status not in (AnswerStatus.pending, AnswerStatus.approved):
        raise ConsultationError(str(_l("This answer can no longer be changed.")))
    before = _snapshot(answer)
    _apply(answer, data)
    if remove_attachment:
        answer.attachment = None
    _attach(answer, author, attachment)
    db.session.flush()
    if _snapshot(answer) == before:
        return False
    answer.moderation_state = ModerationState.pending
    answer.changed_at = utcnow()
    answer.moderated_at = None
    db.session.flush()
    audit.record("answer.changed", answer, actor=author,
                 municipality=answer.consultation.municipality, before=before,
                 after=_snapshot(answer))
    if notify:
        item_submitted(answer, answer.consultation.municipality)
        _mail_sender(answer, "changed")
    return True


def withdraw_answer(answer: ConsultationAnswer, author, *, notify: bool = True) -> None:
    """Withdraw an answer before the deadline: it is never shown or exported. Refuses after
    the deadline and an answer already withdrawn."""
    _refuse_unless_open(answer.consultation)
    if answer.status is AnswerStatus.withdrawn:
        raise ConsultationError(str(_l("The answer is already withdrawn.")))
    before = answer.status.value
    answer.withdrawn_at = utcnow()
    # Out of the queue and off every page; `withdrawn_at` keeps it out even if restored.
    answer.moderation_state = ModerationState.hidden
    db.session.flush()
    audit.record("answer.withdrawn", answer, actor=author,
                 municipality=answer.consultation.municipality,
                 before={"status": before}, after={"status": "withdrawn"})
    if notify:
        _mail_sender(answer, "withdrawn")


#: what each mail to the sender says, by occasion: subject and template
_MAILS = {
    "received": (lambda title: _l("Receipt: your answer to %(title)s", title=title),
                 "consultations/mail/receipt.txt"),
    "changed": (lambda title: _l("Receipt: your changed answer to %(title)s", title=title),
                "consultations/mail/receipt.txt"),
    "withdrawn": (lambda title: _l("Your answer to %(title)s is withdrawn", title=title),
                  "consultations/mail/withdrawn.txt"),
}


def _mail_sender(answer: ConsultationAnswer, occasion: str) -> None:
    if answer.author is None:
        return
    consultation = answer.consultation
    preferred = answer.author.locale if answer.author.locale in WRITTEN_FORMS else \
        consultation.municipality.default_locale
    title = localized(consultation, "title", preferred)
    url = external_url("tenant.consultations.detail", municipality=consultation.municipality.slug,
                       consultation_id=consultation.id)
    subject, template = _MAILS[occasion]
    queue_mail(answer.author, subject(title), template, answer=answer,
               consultation=consultation, title=title, url=url, preferred=preferred,
               occasion=occasion)
