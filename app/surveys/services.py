"""A respondent's writes: reading and checking the answers sent, and saving them as one
response, all or nothing. Services flush; the view commits."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.exc import IntegrityError

from app.core.clock import utcnow
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.i18n import format_number
from app.moderation.models import ModerationState
from app.moderation.services import item_submitted
from app.surveys.models import (
    QuestionType, SurveyAnswer, SurveyQuestion, SurveyResponse, SurveyTextAnswer,
)
from app.surveys.queries import has_answered


class AlreadyAnswered(ServiceError):
    """This form (or this account, for surveys that need a log-in) has already answered."""


@dataclass
class ReadAnswers:
    """What a respondent sent: raw values to show again, clean values to save, and problems."""

    raw: dict[int, object] = field(default_factory=dict)
    closed: list[tuple[SurveyQuestion, int | None, float | None, int | None]] = field(default_factory=list)
    texts: list[tuple[SurveyQuestion, str]] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def parse_number(text: str) -> float | None:
    """`1 234,5`, `1234.5` or `-3` as a float; None when it is not a number."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text or "").replace("\u2212", "-")
    if not _NUMBER.match(cleaned):
        return None
    return float(cleaned.replace(",", "."))


def _count(value: float | None) -> int:
    return int(value or 0)


def _read_choice(question, form, result: ReadAnswers) -> None:
    option_ids = {str(option.id): option.id for option in question.options}
    if question.type is QuestionType.single_choice:
        value = form.get(question.field_name, "")
        result.raw[question.id] = value
        if not value:
            if question.required:
                result.errors[question.id] = _("Choose one of the options.")
            return
        if value not in option_ids:
            result.errors[question.id] = _("Choose one of the options shown.")
            return
        result.closed.append((question, option_ids[value], None, None))
        return
    values = list(dict.fromkeys(form.getlist(question.field_name)))
    result.raw[question.id] = values
    if any(value not in option_ids for value in values):
        result.errors[question.id] = _("Choose among the options shown.")
        return
    least = max(_count(question.min_value), 1 if question.required else 0)
    most = _count(question.max_value) or len(option_ids)
    if values and len(values) < least or not values and question.required:
        result.errors[question.id] = ngettext("Choose at least %(num)s option.",
                                              "Choose at least %(num)s options.", least)
    elif len(values) > most:
        result.errors[question.id] = ngettext("Choose at most %(num)s option.",
                                              "Choose at most %(num)s options.", most)
    else:
        result.closed.extend((question, option_ids[value], None, None) for value in values)


def _read_ranking(question, form, result: ReadAnswers) -> None:
    ranks: dict[int, str] = {option.id: form.get(f"{question.field_name}-{option.id}", "")
                             for option in question.options}
    result.raw[question.id] = ranks
    given = {option_id: value for option_id, value in ranks.items() if value}
    if not given:
        if question.required:
            result.errors[question.id] = _("Rank all the options.")
        return
    allowed = {str(n) for n in range(1, len(ranks) + 1)}
    if len(given) < len(ranks) or any(value not in allowed for value in given.values()):
        result.errors[question.id] = _("Rank all the options, from 1 to %(num)s.", num=len(ranks))
        return
    if len(set(given.values())) != len(given):
        result.errors[question.id] = _("Give each option a different rank.")
        return
    result.closed.extend((question, option_id, None, int(value)) for option_id, value in given.items())


def _read_point(question, form, result: ReadAnswers) -> None:
    """Scale and yes/no: one of a few fixed values."""
    value = form.get(question.field_name, "")
    result.raw[question.id] = value
    if question.type is QuestionType.yes_no:
        allowed, missing = {"1", "0"}, _("Choose yes or no.")
    else:
        allowed, missing = {str(n) for n in question.scale_points}, _("Choose a point on the scale.")
    if not value:
        if question.required:
            result.errors[question.id] = missing
        return
    if value not in allowed:
        result.errors[question.id] = missing
        return
    result.closed.append((question, None, float(value), None))


def _read_number(question, form, result: ReadAnswers) -> None:
    text = form.get(question.field_name, "").strip()
    result.raw[question.id] = text
    if not text:
        if question.required:
            result.errors[question.id] = _("Enter a number.")
        return
    number = parse_number(text)
    if number is None or abs(number) > 1e12:
        result.errors[question.id] = _("Enter a number, like 12 or 3,5.")
    elif question.min_value is not None and number < question.min_value:
        result.errors[question.id] = _("Enter a number of at least %(min)s.",
                                       min=format_number(question.min_value))
    elif question.max_value is not None and number > question.max_value:
        result.errors[question.id] = _("Enter a number of at most %(max)s.",
                                       max=format_number(question.max_value))
    else:
        result.closed.append((question, None, number, None))


def _read_text(question, form, result: ReadAnswers) -> None:
    text = form.get(question.field_name, "").replace("\r\n", "\n").strip()
    if question.type is QuestionType.short_text:
        text = " ".join(text.split())
    result.raw[question.id] = text
    if not text:
        if question.required:
            result.errors[question.id] = _("Write an answer.")
        return
    limit = question.text_limit
    if len(text) > limit:
        result.errors[question.id] = _(
            "Write at most %(max)s characters; the answer has %(length)s.",
            max=format_number(limit), length=format_number(len(text)))
        return
    result.texts.append((question, text))


_READERS = {
    QuestionType.single_choice: _read_choice, QuestionType.multiple_choice: _read_choice,
    QuestionType.ranking: _read_ranking, QuestionType.scale: _read_point,
    QuestionType.yes_no: _read_point, QuestionType.number: _read_number,
    QuestionType.short_text: _read_text, QuestionType.long_text: _read_text,
}


def read_answers(survey, form) -> ReadAnswers:
    """Check every question of `survey` against the submitted `form` (a MultiDict)."""
    result = ReadAnswers()
    for question in survey.questions:
        _READERS[question.type](question, form, result)
    return result


def _hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def submit_response(survey, answers: ReadAnswers, user=None, *, nonce: str,
                    channel: str) -> SurveyResponse:
    """Save a checked set of answers as one response, all or nothing.

    Stores the account only for surveys that need a log-in, and never an IP address. Refuses
    (AlreadyAnswered) a form nonce already used for this survey, or a second answer from the
    same account. Free-text answers are kept out of every public page until moderated.
    """
    if not answers.ok:
        raise ValueError("answers with errors cannot be saved")
    user_id = user.id if survey.requires_login and user is not None else None
    if has_answered(survey, user):
        raise AlreadyAnswered("already answered")
    response = SurveyResponse(survey_id=survey.id, municipality_id=survey.municipality_id,
                              user_id=user_id, form_nonce=nonce, channel=channel,
                              submitted_at=_hour(utcnow()))
    response.answers = [SurveyAnswer(question_id=q.id, option_id=option_id, number=number, rank=rank)
                        for q, option_id, number, rank in answers.closed]
    response.text_answers = [SurveyTextAnswer(question_id=q.id, municipality_id=survey.municipality_id,
                                              body=body, author_id=user_id,
                                              moderation_state=ModerationState.pending)
                             for q, body in answers.texts]
    savepoint = db.session.begin_nested()
    try:
        db.session.add(response)
        db.session.flush()
    except IntegrityError:
        savepoint.rollback()
        raise AlreadyAnswered("form already sent") from None
    savepoint.commit()
    after_response_saved(response)
    return response


def after_response_saved(response: SurveyResponse) -> None:
    """Hand the free-text answers to the moderation queue (see app/moderation): they wait there
    as pending, and the moderators are told (at most once an hour)."""
    if response.text_answers:
        item_submitted(response.text_answers[0], response.survey.municipality)
