"""The municipality's admin writes: create, change, publish and delete consultations, their
documents and invited bodies, the conclusion, the defaults, and the archive export (audited).

Services take objects, flush, write the audit log, queue mail and never commit. Arguments: the
object acted on, then the actor, then the municipality.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.consultations import queries
from app.consultations.models import (
    AnswerStatus, AnswerVisibility, Consultation, ConsultationDocument, ConsultationInvitee,
    ConsultationKind, ConsultationQuestion, Phase,
)
from app.consultations.services import ConsultationError
from app.core import audit, follows
from app.core.clock import OSLO, add_weeks_oslo, aware, oslo_to_utc, to_oslo, utcnow
from app.core.drafting import check_publishable
from app.core.extensions import db
from app.core.i18n import WRITTEN_FORMS, localized
from app.core.mail import external_url, queue_mail, queue_mail_to
from app.files.services import save_document

#: plan- og bygningsloven: høring and offentlig ettersyn of plans last at least six weeks
PLAN_MINIMUM_WEEKS = 6
follows.register(Consultation, "consultation", "tenant.consultations.detail", "consultation_id", is_public=lambda c: c.published_at is not None, timed=("closed",))

_TEXT_FIELDS = tuple(f"{name}_{form}" for name in ("title", "summary", "body")
                     for form in WRITTEN_FORMS)
_FIELDS = _TEXT_FIELDS + ("theme", "sdgs", "opens_at", "closes_at", "short_period_reason",
                          "contact_name", "contact_email", "contact_phone")


def period_problem(kind: ConsultationKind, opens_at: datetime, closes_at: datetime,
                   reason: str | None) -> str | None:
    """Why these dates cannot be used, or None.

    Refuses a deadline that is not after the opening, and a plan consultation shorter than six
    weeks on the Oslo calendar unless a reason is given."""
    if aware(closes_at) <= aware(opens_at):
        return str(_l("The deadline must be after the opening."))
    if kind is ConsultationKind.plan and not (reason or "").strip() \
            and aware(closes_at) < add_weeks_oslo(opens_at, PLAN_MINIMUM_WEEKS):
        return str(_l("A plan consultation must last at least six weeks (plan- og bygningsloven). "
                      "Choose a later deadline, or give the reason for a shorter period."))
    return None


def _is_short_plan_period(consultation: Consultation) -> bool:
    return consultation.kind is ConsultationKind.plan and \
        aware(consultation.closes_at) < add_weeks_oslo(consultation.opens_at, PLAN_MINIMUM_WEEKS)


def _snapshot(consultation: Consultation) -> dict:
    values = {name: getattr(consultation, name) for name in _FIELDS}
    for name in ("opens_at", "closes_at"):
        values[name] = aware(values[name]).isoformat() if values[name] else None
    values["kind"] = consultation.kind.value
    values["answer_visibility"] = consultation.answer_visibility.value
    values["questions"] = [[q.text_nb, q.text_nn] for q in consultation.questions]
    return values


def _apply(consultation: Consultation, data: dict) -> None:
    """Copy the form's values; `sdgs` is a list of goal numbers (VocabularyError otherwise)."""
    for name in _FIELDS:
        if name not in data:
            continue
        value = data[name]
        if isinstance(value, str):
            value = value.strip() or None
        setattr(consultation, name, value)
    consultation.kind = ConsultationKind(data.get("kind", consultation.kind.value
                                                  if consultation.kind else "general"))
    consultation.answer_visibility = AnswerVisibility(
        data.get("answer_visibility", AnswerVisibility.after_deadline.value))
    if not _is_short_plan_period(consultation):
        consultation.short_period_reason = None


def _set_questions(consultation: Consultation, questions: list[tuple[str | None, str | None]]):
    current = [(q.text_nb, q.text_nn) for q in consultation.questions]
    if current == list(questions):
        return
    if any(a.status is not AnswerStatus.withdrawn for a in consultation.answers):
        raise ConsultationError(str(_l("The questions cannot be changed after answers have come in.")))
    consultation.questions.clear()
    db.session.flush()
    for position, (text_nb, text_nn) in enumerate(questions):
        consultation.questions.append(
            ConsultationQuestion(position=position, text_nb=text_nb, text_nn=text_nn))


def _check(consultation: Consultation) -> None:
    problem = period_problem(consultation.kind, consultation.opens_at, consultation.closes_at,
                             consultation.short_period_reason)
    if problem:
        raise ConsultationError(problem)


def _record_short_period(consultation, actor, before_reason: str | None) -> None:
    reason = consultation.short_period_reason
    if reason and reason != before_reason:
        audit.record("consultation.short_period_allowed", consultation, actor=actor,
                     municipality=consultation.municipality, reason=reason,
                     after={"opens_at": aware(consultation.opens_at).isoformat(),
                            "closes_at": aware(consultation.closes_at).isoformat()})


def create_consultation(municipality, actor, data: dict) -> Consultation:
    """A new draft. Refuses bad dates and a plan consultation under six weeks without a reason
    (the reason is written to the audit log)."""
    consultation = Consultation(municipality_id=municipality.id, municipality=municipality,
                                created_by_id=getattr(actor, "id", None))
    _apply(consultation, data)
    _check(consultation)
    db.session.add(consultation)
    _set_questions(consultation, data.get("questions", []))
    db.session.flush()
    audit.record("consultation.created", consultation, actor=actor, municipality=municipality,
                 after=_snapshot(consultation))
    _record_short_period(consultation, actor, None)
    return consultation


def update_consultation(consultation: Consultation, actor, data: dict) -> bool:
    """Save changes (the before and after go to the audit log). Returns False when nothing
    changed. Refuses what `create_consultation` refuses, changes to the questions once answers
    have come in, and any change after the conclusion is published."""
    if consultation.phase is Phase.concluded:
        raise ConsultationError(str(_l("A concluded consultation can no longer be changed.")))
    before = _snapshot(consultation)
    before_reason = consultation.short_period_reason
    _apply(consultation, data)
    _check(consultation)
    _set_questions(consultation, data.get("questions", []))
    db.session.flush()
    after = _snapshot(consultation)
    if after == before:
        return False
    audit.record("consultation.changed", consultation, actor=actor,
                 municipality=consultation.municipality, before=before, after=after)
    _record_short_period(consultation, actor, before_reason)
    return True


def publish_consultation(consultation: Consultation, actor, now: datetime | None = None) -> None:
    """Publish a draft: it becomes scheduled or open by its dates, its documents become public
    and the invited bodies get their invitations. Refuses a consultation without a title and
    summary, whose deadline has passed, or whose machine draft nobody has reviewed."""
    now = now or utcnow()
    if consultation.published_at is not None:
        raise ConsultationError(str(_l("The consultation is already published.")))
    check_publishable(consultation)
    if not consultation.written_forms():
        raise ConsultationError(str(_l("Write a title in bokmål or nynorsk first.")))
    if aware(consultation.closes_at) <= now:
        raise ConsultationError(str(_l("The deadline has passed. Choose a later deadline first.")))
    _check(consultation)
    consultation.published_at = now
    for document in consultation.documents:
        document.stored_file.is_public = True
    db.session.flush()
    audit.record("consultation.published", consultation, actor=actor,
                 municipality=consultation.municipality, after=_snapshot(consultation))
    send_invitations(consultation)


def delete_draft(consultation: Consultation, actor) -> None:
    """Delete a consultation never published (its documents stay stored, not public). Refuses
    a published one: it is a public case and stays."""
    if consultation.published_at is not None:
        raise ConsultationError(str(_l("A published consultation cannot be deleted.")))
    audit.record("consultation.draft_deleted", consultation, actor=actor,
                 municipality=consultation.municipality, before=_snapshot(consultation))
    db.session.delete(consultation)
    db.session.flush()


# --- documents ---------------------------------------------------------------------------

def add_document(consultation: Consultation, actor, file_storage, title: str | None = None):
    """Attach a PDF, DOCX or ODT (checked by content; UploadError otherwise). Public as soon as
    the consultation is published."""
    stored = save_document(file_storage, consultation.municipality, actor,
                           public=consultation.published_at is not None)
    document = ConsultationDocument(
        stored_file=stored, stored_file_id=stored.id, title=(title or "").strip() or None,
        position=len(consultation.documents))
    consultation.documents.append(document)
    db.session.flush()
    audit.record("consultation.document_added", consultation, actor=actor,
                 municipality=consultation.municipality,
                 after={"document": stored.filename, "sha256": stored.sha256})
    return document


def remove_document(consultation: Consultation, actor, document: ConsultationDocument) -> None:
    """Detach a document; the file stays stored (and archived) but is no longer public.
    Refuses a document of another consultation."""
    if document.consultation_id != consultation.id:
        raise ConsultationError("document of another consultation")
    document.stored_file.is_public = False
    name = document.stored_file.filename
    consultation.documents.remove(document)
    db.session.flush()
    audit.record("consultation.document_removed", consultation, actor=actor,
                 municipality=consultation.municipality, before={"document": name})


# --- invited bodies ------------------------------------------------------------------------

def invite_bodies(consultation: Consultation, actor,
                  entries: list[tuple[str, str]]) -> list[ConsultationInvitee]:
    """Add invited bodies (name, e-mail); an address already invited is skipped. Invitations go
    out at once when the consultation is published, otherwise when it is. Refuses after the
    deadline."""
    if consultation.deadline_passed:
        raise ConsultationError(str(_l("The deadline has passed; no more bodies can be invited.")))
    known = {invitee.email for invitee in consultation.invitees}
    added = []
    for name, email in entries:
        email = email.strip().lower()
        if email in known:
            continue
        known.add(email)
        invitee = ConsultationInvitee(municipality_id=consultation.municipality_id,
                                      name=name.strip(), email=email)
        consultation.invitees.append(invitee)
        added.append(invitee)
    db.session.flush()
    if added:
        audit.record("consultation.bodies_invited", consultation, actor=actor,
                     municipality=consultation.municipality,
                     after={"invited": [[i.name, i.email] for i in added]})
    if consultation.published_at is not None:
        send_invitations(consultation)
    return added


def remove_invitee(consultation: Consultation, actor, invitee: ConsultationInvitee) -> None:
    """Take a body off the list (it keeps any invitation already sent)."""
    consultation.invitees.remove(invitee)
    db.session.flush()
    audit.record("consultation.invitee_removed", consultation, actor=actor,
                 municipality=consultation.municipality, before={"name": invitee.name,
                                                                 "email": invitee.email})


def mail_locale(consultation: Consultation) -> str:
    """The written form to write to people without an account in: the municipality's own,
    when the consultation has it."""
    forms = consultation.written_forms()
    default = consultation.municipality.default_locale
    return default if default in forms else (forms[0] if forms else "nb")


def _detail_url(consultation: Consultation) -> str:
    return external_url("tenant.consultations.detail", municipality=consultation.municipality.slug,
                        consultation_id=consultation.id)


def send_invitations(consultation: Consultation, now: datetime | None = None) -> int:
    """Mail every invited body not yet invited; returns how many were mailed."""
    pending = [invitee for invitee in consultation.invitees if invitee.invited_at is None]
    if not pending:
        return 0
    locale = mail_locale(consultation)
    url = _detail_url(consultation)
    for invitee in pending:
        with force_locale(locale):
            subject = str(_l("Invitation to a consultation: %(title)s",
                             title=localized(consultation, "title", locale)))
            body = render_template("consultations/mail/invitation.txt", invitee=invitee,
                                   consultation=consultation, url=url, locale=locale)
        queue_mail_to(invitee.email, subject, body)
        invitee.invited_at = now or utcnow()
    db.session.flush()
    return len(pending)


# --- conclusion -------------------------------------------------------------------------------

def publish_conclusion(consultation: Consultation, actor, data: dict, notify: bool = True) -> int:
    """Publish what came of the input, after the deadline, and mail everyone who answered
    (withdrawn answers excepted). Returns how many people were mailed. Refuses before the
    deadline and a conclusion without text."""
    if consultation.phase not in (Phase.closed, Phase.concluded):
        raise ConsultationError(str(_l("The conclusion can be published after the deadline.")))
    before = {"nb": consultation.conclusion_nb, "nn": consultation.conclusion_nn}
    consultation.conclusion_nb = (data.get("conclusion_nb") or "").strip() or None
    consultation.conclusion_nn = (data.get("conclusion_nn") or "").strip() or None
    if not (consultation.conclusion_nb or consultation.conclusion_nn):
        raise ConsultationError(str(_l("Write the conclusion in bokmål or nynorsk.")))
    first_time = consultation.concluded_at is None
    if first_time:
        consultation.concluded_at = utcnow()
    db.session.flush()
    audit.record("consultation.concluded" if first_time else "consultation.conclusion_changed",
                 consultation, actor=actor, municipality=consultation.municipality, before=before,
                 after={"nb": consultation.conclusion_nb, "nn": consultation.conclusion_nn})
    if first_time:
        follows.changed(consultation, "concluded", actor=actor)
    if not (notify and first_time):
        return 0
    return _mail_conclusion(consultation)


def _mail_conclusion(consultation: Consultation) -> int:
    authors = {answer.author.id: answer.author for answer in consultation.answers
               if answer.author is not None and answer.status is not AnswerStatus.withdrawn}
    url = _detail_url(consultation)
    for user in authors.values():
        preferred = user.locale if user.locale in WRITTEN_FORMS else mail_locale(consultation)
        title = localized(consultation, "title", preferred)
        queue_mail(user, _l("What came of the consultation: %(title)s", title=title),
                   "consultations/mail/conclusion.txt", consultation=consultation, url=url,
                   title=title, preferred=preferred)
    return len(authors)


# --- the municipality's defaults ----------------------------------------------------------------

def update_settings(municipality, actor, default_answer_visibility: str) -> bool:
    """Save the defaults for new consultations (audit-logged). Returns False when unchanged;
    existing consultations keep their own setting."""
    settings = queries.settings_for(municipality)
    value = AnswerVisibility(default_answer_visibility)
    if settings.id is not None and settings.default_answer_visibility is value:
        return False
    before = settings.default_answer_visibility.value if settings.id else None
    settings.default_answer_visibility = value
    db.session.add(settings)
    db.session.flush()
    audit.record("consultation_settings.changed", settings, actor=actor, municipality=municipality,
                 before={"default_answer_visibility": before},
                 after={"default_answer_visibility": value.value})
    return True


# --- the archive export -------------------------------------------------------------------------

def export_answers(consultation: Consultation, actor, fmt: str) -> tuple[bytes, str, str]:
    """The export in `fmt` ("csv", "json" or "zip") as (data, mimetype, filename); the export is
    written to the audit log (who took personal data out, and how many answers). Refuses
    (ValueError) another format."""
    makers = {"csv": (lambda: queries.answers_csv(consultation), "text/csv; charset=utf-8"),
              "json": (lambda: queries.answers_json(consultation, actor), "application/json"),
              "zip": (lambda: queries.answers_zip(consultation, actor), "application/zip")}
    if fmt not in makers:
        raise ValueError(fmt)
    make, mimetype = makers[fmt]
    data = make()
    audit.record("consultation.answers_exported", consultation, actor=actor,
                 municipality=consultation.municipality,
                 after={"format": fmt, "answers": len(queries.approved_answers(consultation))})
    stamp = utcnow().astimezone(OSLO).strftime("%Y%m%d-%H%M")
    return data, mimetype, f"horingssvar-{consultation.id}-{stamp}.{fmt}"


# --- copies from the network ---------------------------------------------------------------------

#: a copy opens at 09.00 this long after it is made, and lasts as long as its source did (at
#: least a week; a plan at least PLAN_MINIMUM_WEEKS)
COPY_OPENS_IN = timedelta(days=14)
MIN_COPY_PERIOD = timedelta(days=7)


def copy_consultation(source: Consultation, actor, municipality,
                      now: datetime | None = None) -> Consultation:
    """A new draft in `municipality` with the structure and texts of `source` (a consultation
    another member shares): kind, title, summary and full text in bokmål and nynorsk, theme and
    goals, when answers are shown, and the questions. Never its answers, invited bodies,
    contact person, conclusion, creator, documents (files the source municipality stored for
    its own case) or the reason for a short period; the period moves to the future (opens at
    09.00 in two weeks and lasts as long as the source's did). A machine-drafted written form
    stays marked as one and needs this municipality's own review. Flushes and logs, never
    commits."""
    day = to_oslo((now or utcnow()) + COPY_OPENS_IN)
    opens_at = oslo_to_utc(day.replace(hour=9, minute=0, second=0, microsecond=0, tzinfo=None))
    closes_at = opens_at + max(aware(source.closes_at) - aware(source.opens_at), MIN_COPY_PERIOD)
    if source.kind is ConsultationKind.plan:
        closes_at = max(closes_at, add_weeks_oslo(opens_at, PLAN_MINIMUM_WEEKS))
    consultation = Consultation(
        municipality_id=municipality.id, municipality=municipality,
        created_by_id=getattr(actor, "id", None), kind=source.kind,
        answer_visibility=source.answer_visibility, theme=source.theme, sdgs=source.sdgs,
        opens_at=opens_at, closes_at=closes_at, machine_drafted=source.machine_drafted,
        **{name: getattr(source, name) for name in _TEXT_FIELDS})
    consultation.questions = [ConsultationQuestion(position=q.position, text_nb=q.text_nb,
                                                   text_nn=q.text_nn) for q in source.questions]
    db.session.add(consultation)
    db.session.flush()
    audit.record("consultation.copied", consultation, actor=actor, municipality=municipality,
                 after={**_snapshot(consultation), "source_id": source.id})
    return consultation
