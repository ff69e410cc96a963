"""Surveys: sections of questions, the responses to them and their answers.

Texts are written in bokmål and/or nynorsk (`Survey.languages`); every text has an `_nb` and an
`_nn` column and is shown through `localized()`.
"""
from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask import url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import (
    Boolean, Enum, Float, ForeignKey, Integer, String, Text, UniqueConstraint, and_, or_,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.clock import UTCDateTime, utcnow
from app.core.extensions import db
from app.core.i18n import localized
from app.core.drafting import MachineDrafted
from app.core.sharing import Shareable
from app.core.tenancy import TenantMixin
from app.core.vocabulary import SdgLinkMixin, SdgTagged
from app.moderation.models import ModeratedMixin
from app.moderation.registry import register_type


def new_embed_token() -> str:
    return secrets.token_urlsafe(16)


class SurveyStatus(enum.Enum):
    draft = "draft"  #: being built; only admins see it
    published = "published"  #: answerable between opens_at and closes_at


class Phase(enum.Enum):
    """What a survey is now: its status combined with the clock."""

    draft = "draft"
    upcoming = "upcoming"
    open = "open"
    closed = "closed"


class QuestionType(enum.Enum):
    single_choice = "single_choice"
    multiple_choice = "multiple_choice"
    scale = "scale"
    yes_no = "yes_no"
    short_text = "short_text"
    long_text = "long_text"
    number = "number"
    ranking = "ranking"

    @property
    def has_options(self) -> bool:
        return self in (QuestionType.single_choice, QuestionType.multiple_choice,
                        QuestionType.ranking)

    @property
    def is_text(self) -> bool:
        return self in (QuestionType.short_text, QuestionType.long_text)


#: the longest text any text question takes; long text questions set their own maximum below it
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 5000


def _enum(cls, name, length=20):
    return Enum(cls, name=name, native_enum=False, length=length)


class Survey(SdgTagged, Shareable, MachineDrafted, TenantMixin, db.Model):
    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title_nb: Mapped[str] = mapped_column(String(200), default="")
    title_nn: Mapped[str] = mapped_column(String(200), default="")
    intro_nb: Mapped[str] = mapped_column(Text, default="")
    intro_nn: Mapped[str] = mapped_column(Text, default="")
    #: the written forms the texts are in: "nb", "nn" or "nb,nn"
    languages: Mapped[str] = mapped_column(String(8), default="nb")
    status: Mapped[SurveyStatus] = mapped_column(_enum(SurveyStatus, "survey_status"),
                                                 default=SurveyStatus.draft, index=True)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: False (default): anonymous answers, no account and no IP address stored.
    #: True: answering needs a log-in, one answer per account.
    requires_login: Mapped[bool] = mapped_column(Boolean, default=False)
    #: show a public summary of the results (counts under 5 suppressed)
    public_results: Mapped[bool] = mapped_column(Boolean, default=False)
    #: identifies the survey in /embed/undersokelse/<token>; unguessable, so drafts cannot be probed
    embed_token: Mapped[str] = mapped_column(String(32), unique=True, index=True,
                                             default=new_embed_token)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow,
                                                 onupdate=utcnow)

    #: the network theme (a key of app.core.vocabulary.THEMES), or None
    theme: Mapped[str | None] = mapped_column(String(40))

    municipality = relationship("Municipality", lazy="joined")
    sdg_links: Mapped[list[SurveySdg]] = relationship(cascade="all, delete-orphan",
                                                      lazy="selectin", order_by="SurveySdg.goal")
    sections: Mapped[list[SurveySection]] = relationship(
        back_populates="survey", order_by="SurveySection.position", cascade="all, delete-orphan")
    responses: Mapped[list[SurveyResponse]] = relationship(
        back_populates="survey", cascade="all, delete-orphan")

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code in ("nb", "nn")]

    @property
    def questions(self) -> list[SurveyQuestion]:
        return [question for section in self.sections for question in section.questions]

    @property
    def phase(self) -> Phase:
        if self.status is SurveyStatus.draft:
            return Phase.draft
        now = utcnow()
        if self.opens_at is not None and self.opens_at > now:
            return Phase.upcoming
        if self.closes_at is not None and self.closes_at <= now:
            return Phase.closed
        return Phase.open

    @hybrid_property
    def is_open(self) -> bool:
        return self.phase is Phase.open

    @is_open.inplace.expression
    @classmethod
    def _is_open_expression(cls):
        now = utcnow()
        return and_(cls.status == SurveyStatus.published,
                    or_(cls.opens_at.is_(None), cls.opens_at <= now),
                    or_(cls.closes_at.is_(None), cls.closes_at > now))

    def __repr__(self) -> str:
        return f"<Survey {self.id} {self.title_nb or self.title_nn!r}>"


class SurveySdg(SdgLinkMixin, db.Model):
    """A goal a survey works towards."""

    __tablename__ = "survey_sdgs"

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"),
                                           primary_key=True)


class SurveySection(TenantMixin, db.Model):
    __tablename__ = "survey_sections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title_nb: Mapped[str] = mapped_column(String(200), default="")
    title_nn: Mapped[str] = mapped_column(String(200), default="")
    description_nb: Mapped[str] = mapped_column(Text, default="")
    description_nn: Mapped[str] = mapped_column(Text, default="")

    survey: Mapped[Survey] = relationship(back_populates="sections")
    questions: Mapped[list[SurveyQuestion]] = relationship(
        back_populates="section", order_by="SurveyQuestion.position", cascade="all, delete-orphan")


class SurveyQuestion(TenantMixin, db.Model):
    __tablename__ = "survey_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("survey_sections.id", ondelete="CASCADE"),
                                            index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    type: Mapped[QuestionType] = mapped_column(_enum(QuestionType, "survey_question_type"))
    text_nb: Mapped[str] = mapped_column(String(500), default="")
    text_nn: Mapped[str] = mapped_column(String(500), default="")
    help_nb: Mapped[str] = mapped_column(String(1000), default="")
    help_nn: Mapped[str] = mapped_column(String(1000), default="")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    #: multiple choice: fewest/most options to tick; number: smallest/largest value;
    #: scale: the ends, 1-5 or 0-10
    min_value: Mapped[float | None] = mapped_column(Float)
    max_value: Mapped[float | None] = mapped_column(Float)
    #: text questions: the most characters accepted
    max_length: Mapped[int | None] = mapped_column(Integer)
    #: scale: what the lowest and highest points mean
    low_label_nb: Mapped[str] = mapped_column(String(100), default="")
    low_label_nn: Mapped[str] = mapped_column(String(100), default="")
    high_label_nb: Mapped[str] = mapped_column(String(100), default="")
    high_label_nn: Mapped[str] = mapped_column(String(100), default="")

    section: Mapped[SurveySection] = relationship(back_populates="questions")
    survey: Mapped[Survey] = relationship(viewonly=True)
    options: Mapped[list[SurveyOption]] = relationship(
        back_populates="question", order_by="SurveyOption.position", cascade="all, delete-orphan")

    @property
    def field_name(self) -> str:
        return f"q{self.id}"

    @property
    def scale_points(self) -> list[int]:
        low = int(self.min_value) if self.min_value is not None else 1
        high = int(self.max_value) if self.max_value is not None else 5
        return list(range(low, high + 1))

    @property
    def text_limit(self) -> int:
        ceiling = SHORT_TEXT_MAX if self.type is QuestionType.short_text else LONG_TEXT_MAX
        return min(self.max_length or ceiling, ceiling)


class SurveyOption(TenantMixin, db.Model):
    __tablename__ = "survey_options"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"),
                                             index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    label_nb: Mapped[str] = mapped_column(String(200), default="")
    label_nn: Mapped[str] = mapped_column(String(200), default="")

    question: Mapped[SurveyQuestion] = relationship(back_populates="options")


class SurveyResponse(TenantMixin, db.Model):
    """One person's submitted answers. Anonymous responses hold no account and no IP address."""

    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("survey_id", "form_nonce"),
                      UniqueConstraint("survey_id", "user_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    #: only for surveys that require a log-in (one answer per account); None when anonymous
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: the random nonce of the signed form it came from: the same form cannot be sent twice
    form_nonce: Mapped[str] = mapped_column(String(32))
    #: "page" or "embed"
    channel: Mapped[str] = mapped_column(String(8), default="page")
    #: rounded down to the hour, so that it cannot be matched with web server logs
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    survey: Mapped[Survey] = relationship(back_populates="responses")
    answers: Mapped[list[SurveyAnswer]] = relationship(
        back_populates="response", cascade="all, delete-orphan")
    text_answers: Mapped[list[SurveyTextAnswer]] = relationship(
        back_populates="response", cascade="all, delete-orphan")


class SurveyAnswer(db.Model):
    """A closed answer: the chosen option (single, multiple, ranking with its rank) or a number
    (scale, number, yes/no as 1/0)."""

    __tablename__ = "survey_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"),
                                             index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"),
                                             index=True)
    option_id: Mapped[int | None] = mapped_column(ForeignKey("survey_options.id", ondelete="CASCADE"))
    number: Mapped[float | None] = mapped_column(Float)
    #: ranking: 1 is the first choice
    rank: Mapped[int | None] = mapped_column(Integer)

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")


class SurveyTextAnswer(TenantMixin, ModeratedMixin, db.Model):
    """A free-text answer. It enters the municipality's moderation queue as pending, whatever the
    municipality's moderation mode, and is never public before a moderator approves it.
    `author_id` (from ModeratedMixin) is None for anonymous surveys."""

    __tablename__ = "survey_text_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"),
                                             index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"),
                                             index=True)
    body: Mapped[str] = mapped_column(Text)

    response: Mapped[SurveyResponse] = relationship(back_populates="text_answers")
    question: Mapped[SurveyQuestion] = relationship(lazy="joined")


def _text_answer_title(answer: SurveyTextAnswer) -> str:
    survey = answer.question.survey
    return f"{localized(survey, 'title')}: {localized(answer.question, 'text')}"


def _text_answer_html(answer: SurveyTextAnswer) -> Markup:
    return Markup("<br>").join(escape(line) for line in answer.body.splitlines())


def _text_answer_url(answer: SurveyTextAnswer) -> str:
    survey = answer.question.survey
    endpoint = "tenant.surveys.public_results" if survey.public_results else "tenant.surveys.detail"
    return url_for(endpoint, survey_id=survey.id, municipality=survey.municipality.slug,
                   _external=True)


register_type(SurveyTextAnswer, label=_l("Survey answer (free text)"), title=_text_answer_title,
              body_html=_text_answer_html, public_url=_text_answer_url)
