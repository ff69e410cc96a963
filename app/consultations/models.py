"""Consultations, their documents, questions, invited bodies and answers (høringssvar)."""
from __future__ import annotations

import enum
from datetime import datetime

from flask import url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import (
    Boolean, Enum, ForeignKey, Integer, String, Text, UniqueConstraint, and_, case, literal,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.clock import UTCDateTime, aware, utcnow
from app.core.extensions import db
from app.core.i18n import written_forms_of
from app.core.drafting import MachineDrafted
from app.core.sharing import Shareable
from app.core.tenancy import TenantMixin
from app.core.vocabulary import SdgLinkMixin, SdgTagged
from app.moderation.models import ModeratedMixin, ModerationState
from app.moderation.registry import register_type


def _enum(cls, name):
    return Enum(cls, name=name, native_enum=False, length=16)


class ConsultationKind(enum.Enum):
    general = "general"
    #: a plan under plan- og bygningsloven: at least six weeks of høring and offentlig ettersyn
    plan = "plan"


class Phase(enum.Enum):
    draft = "draft"
    scheduled = "scheduled"
    open = "open"
    closed = "closed"
    concluded = "concluded"


class AnswerVisibility(enum.Enum):
    #: approved answers are shown as soon as they are approved
    immediately = "immediately"
    #: approved answers are shown when the deadline has passed
    after_deadline = "after_deadline"


class AnswerStatus(enum.Enum):
    """An answer's status as senders and staff read it, derived from its moderation state."""

    pending = "pending"  #: waiting in the moderation queue
    approved = "approved"  #: published by a moderator
    rejected = "rejected"
    hidden = "hidden"  #: taken down by a moderator or by reports after approval
    withdrawn = "withdrawn"  #: withdrawn by the sender before the deadline


_STATUS_OF_STATE = {
    ModerationState.pending: AnswerStatus.pending,
    ModerationState.published: AnswerStatus.approved,
    ModerationState.rejected: AnswerStatus.rejected,
    ModerationState.hidden: AnswerStatus.hidden,
}


class Consultation(SdgTagged, Shareable, MachineDrafted, TenantMixin, db.Model):
    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[ConsultationKind] = mapped_column(_enum(ConsultationKind, "consultation_kind"),
                                                   default=ConsultationKind.general)
    title_nb: Mapped[str | None] = mapped_column(String(200))
    title_nn: Mapped[str | None] = mapped_column(String(200))
    summary_nb: Mapped[str | None] = mapped_column(Text)
    summary_nn: Mapped[str | None] = mapped_column(Text)
    #: Markdown, sanitised when shown
    body_nb: Mapped[str | None] = mapped_column(Text)
    body_nn: Mapped[str | None] = mapped_column(Text)
    #: a key of app.core.vocabulary.THEMES, or None
    theme: Mapped[str | None] = mapped_column(String(40))
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    #: the deadline; the last instant answers are accepted (end of the minute shown)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    #: None while a draft; set when an admin publishes
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: why a plan consultation runs shorter than six weeks (also in the audit log)
    short_period_reason: Mapped[str | None] = mapped_column(Text)
    answer_visibility: Mapped[AnswerVisibility] = mapped_column(
        _enum(AnswerVisibility, "answer_visibility"), default=AnswerVisibility.after_deadline)
    contact_name: Mapped[str | None] = mapped_column(String(120))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    conclusion_nb: Mapped[str | None] = mapped_column(Text)
    conclusion_nn: Mapped[str | None] = mapped_column(Text)
    concluded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    municipality = relationship("Municipality", lazy="joined")
    documents: Mapped[list[ConsultationDocument]] = relationship(
        back_populates="consultation", cascade="all, delete-orphan",
        order_by="ConsultationDocument.position")
    questions: Mapped[list[ConsultationQuestion]] = relationship(
        back_populates="consultation", cascade="all, delete-orphan",
        order_by="ConsultationQuestion.position")
    invitees: Mapped[list[ConsultationInvitee]] = relationship(
        back_populates="consultation", cascade="all, delete-orphan",
        order_by="ConsultationInvitee.name")
    answers: Mapped[list[ConsultationAnswer]] = relationship(
        back_populates="consultation", cascade="all, delete-orphan",
        order_by="ConsultationAnswer.created_at")
    sdg_links: Mapped[list[ConsultationSdg]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ConsultationSdg.goal")

    # --- lifecycle -------------------------------------------------------------------------

    def phase_at(self, now: datetime) -> Phase:
        if self.published_at is None:
            return Phase.draft
        if now < aware(self.opens_at):
            return Phase.scheduled
        if now <= aware(self.closes_at):
            return Phase.open
        return Phase.concluded if self.concluded_at is not None else Phase.closed

    @hybrid_property
    def phase(self) -> Phase:
        return self.phase_at(utcnow())

    @phase.inplace.expression
    @classmethod
    def _phase_expression(cls):
        now = literal(utcnow(), UTCDateTime)
        return case(
            (cls.published_at.is_(None), Phase.draft.value),
            (cls.opens_at > now, Phase.scheduled.value),
            (cls.closes_at >= now, Phase.open.value),
            (cls.concluded_at.is_not(None), Phase.concluded.value),
            else_=Phase.closed.value,
        )

    @property
    def deadline_passed(self) -> bool:
        return self.phase in (Phase.closed, Phase.concluded)

    # --- content in the visitor's written form ---------------------------------------------

    def written_forms(self) -> list[str]:
        return written_forms_of(self, "title")

    @property
    def label(self) -> str:
        """A title for logs, mails to staff and archive files."""
        return self.title_nb or self.title_nn or f"#{self.id}"


class ConsultationSdg(SdgLinkMixin, db.Model):
    """A goal a consultation works towards."""

    __tablename__ = "consultation_sdgs"

    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True)


class ConsultationDocument(db.Model):
    __tablename__ = "consultation_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    stored_file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id", ondelete="CASCADE"))
    #: what the link says; the file name when empty
    title: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)

    consultation: Mapped[Consultation] = relationship(back_populates="documents")
    stored_file = relationship("StoredFile", lazy="joined")

    @property
    def label(self) -> str:
        return self.title or self.stored_file.filename


class ConsultationQuestion(db.Model):
    """A structured question asked beside the free answer."""

    __tablename__ = "consultation_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text_nb: Mapped[str | None] = mapped_column(String(500))
    text_nn: Mapped[str | None] = mapped_column(String(500))

    consultation: Mapped[Consultation] = relationship(back_populates="questions")


class ConsultationInvitee(TenantMixin, db.Model):
    """An invited body (høringsinstans)."""

    __tablename__ = "consultation_invitees"
    __table_args__ = (UniqueConstraint("consultation_id", "email"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    #: when the invitation mail went out; None until the consultation is published
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    consultation: Mapped[Consultation] = relationship(back_populates="invitees")


class ConsultationAnswer(TenantMixin, ModeratedMixin, db.Model):
    """A høringssvar: a public case document once approved (offentleglova).

    Moderated through the municipality's shared queue (`ModeratedMixin`: `moderation_state`,
    `author_id`, `created_at` = received, `moderated_at`). Every answer starts pending,
    whatever the municipality's moderation mode: answers are shown only once approved.
    """

    __tablename__ = "consultation_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    #: the sender's name as it was when sending (kept for the archive)
    author_name: Mapped[str] = mapped_column(String(120))
    #: the organisation answered for; None when the person answers for themselves
    organisation_name: Mapped[str | None] = mapped_column(String(200))
    #: nine digits, mod-11 checked
    organisation_number: Mapped[str | None] = mapped_column(String(9))
    text: Mapped[str] = mapped_column(Text)
    attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL"))
    #: the sender confirmed the notice that answers are public case documents
    public_notice_accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: set when the sender withdrew the answer (before the deadline); it is then never shown
    #: or exported, whatever its moderation state
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    consultation: Mapped[Consultation] = relationship(back_populates="answers")
    attachment = relationship("StoredFile", lazy="joined")
    replies: Mapped[list[QuestionReply]] = relationship(
        back_populates="answer", cascade="all, delete-orphan", lazy="selectin")

    @hybrid_property
    def is_approved(self) -> bool:
        return self.moderation_state is ModerationState.published and self.withdrawn_at is None

    @is_approved.inplace.expression
    @classmethod
    def _is_approved_expression(cls):
        return and_(cls.moderation_state == ModerationState.published, cls.withdrawn_at.is_(None))

    @property
    def status(self) -> AnswerStatus:
        if self.withdrawn_at is not None:
            return AnswerStatus.withdrawn
        return _STATUS_OF_STATE[self.moderation_state]

    @property
    def submitted_at(self) -> datetime:
        return self.created_at

    @property
    def sender(self) -> str:
        return self.organisation_name or self.author_name

    def reply_to(self, question: ConsultationQuestion) -> str:
        for reply in self.replies:
            if reply.question_id == question.id:
                return reply.text
        return ""


class QuestionReply(db.Model):
    __tablename__ = "consultation_question_replies"
    __table_args__ = (UniqueConstraint("answer_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_answers.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_questions.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text, default="")

    answer: Mapped[ConsultationAnswer] = relationship(back_populates="replies")


class ConsultationSettings(TenantMixin, db.Model):
    """A municipality's defaults for new consultations (one row per municipality, made on the
    first save)."""

    __tablename__ = "consultation_settings"
    __table_args__ = (UniqueConstraint("municipality_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: what a new consultation's "when approved answers are shown" starts as
    default_answer_visibility: Mapped[AnswerVisibility] = mapped_column(
        _enum(AnswerVisibility, "default_answer_visibility"),
        default=AnswerVisibility.after_deadline)


# --- the shared moderation queue ---------------------------------------------------------------

def _answer_title(answer: ConsultationAnswer) -> str:
    return gettext("Consultation answer to “%(title)s”", title=answer.consultation.label)


def _answer_html(answer: ConsultationAnswer):
    """The answer as moderators see it in the queue: sender, text, replies, attachment."""
    parts = []
    if answer.organisation_name:
        parts.append(Markup("<p><strong>{}</strong></p>").format(gettext(
            "On behalf of %(name)s (organisation number %(number)s)",
            name=answer.organisation_name, number=answer.organisation_number)))
    parts.append(Markup('<p class="answer-text">{}</p>').format(escape(answer.text)))
    for question in answer.consultation.questions:
        reply = answer.reply_to(question)
        if reply:
            parts.append(Markup("<p><strong>{}</strong><br>{}</p>").format(
                question.text_nb or question.text_nn, reply))
    if answer.attachment is not None:
        url = url_for("tenant.consultations.attachment", consultation_id=answer.consultation_id,
                      answer_id=answer.id)
        parts.append(Markup('<p><a href="{}">{}</a></p>').format(
            url, gettext("Attachment: %(name)s", name=answer.attachment.filename)))
    return Markup("").join(parts)


def _answer_url(answer: ConsultationAnswer) -> str:
    return url_for("tenant.consultations.detail", consultation_id=answer.consultation_id,
                   _anchor=f"svar-{answer.id}", _external=True)


register_type(ConsultationAnswer, label=_l("Consultation answer"), title=_answer_title,
              body_html=_answer_html, public_url=_answer_url)
