"""Reads: the surveys of a municipality, one by its embed token, response counts and the lock
that follows from them, whether someone has answered, and what stops a publication."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from app.core.clock import utcnow
from app.core.extensions import db
from app.surveys.labels import WRITTEN_FORM_LABELS
from app.surveys.models import Survey, SurveyResponse, SurveyStatus


def _newest_first(query):
    return query.order_by(Survey.created_at.desc(), Survey.id.desc())


def surveys_of(municipality, *, open_only: bool = False) -> list[Survey]:
    """The municipality's surveys, newest first; with `open_only` those open for answers now."""
    query = select(Survey).where(Survey.municipality_id == municipality.id)
    if open_only:
        query = query.where(Survey.is_open)
    return list(db.session.scalars(_newest_first(query)))


def closed_with_public_results(municipality) -> list[Survey]:
    """Closed surveys of the municipality whose admins chose to show a summary, newest first."""
    now = utcnow()
    query = select(Survey).where(
        Survey.municipality_id == municipality.id, Survey.status == SurveyStatus.published,
        Survey.public_results.is_(True), Survey.closes_at <= now,
        or_(Survey.opens_at.is_(None), Survey.opens_at <= now))
    return list(db.session.scalars(_newest_first(query)))


def survey_by_token(token: str) -> Survey | None:
    """The survey embedded under this token, if its municipality is active."""
    survey = db.session.scalar(select(Survey).where(Survey.embed_token == token))
    if survey is None or not survey.municipality.is_active:
        return None
    return survey


def response_count(survey: Survey) -> int:
    """How many responses the survey has."""
    return db.session.scalar(select(func.count(SurveyResponse.id)).where(
        SurveyResponse.survey_id == survey.id)) or 0


def response_counts(surveys: list[Survey]) -> dict[int, int]:
    """Responses per survey id, in one query."""
    ids = [survey.id for survey in surveys]
    counts = dict(db.session.execute(
        select(SurveyResponse.survey_id, func.count(SurveyResponse.id))
        .where(SurveyResponse.survey_id.in_(ids)).group_by(SurveyResponse.survey_id)).all())
    return {survey_id: counts.get(survey_id, 0) for survey_id in ids}


def is_locked(survey: Survey) -> bool:
    """Once someone has answered, questions and options can no longer change."""
    return response_count(survey) > 0


def has_answered(survey: Survey, user) -> bool:
    """True when `user` has already answered a survey that needs a log-in."""
    if not survey.requires_login or user is None or not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(select(SurveyResponse.id).where(
        SurveyResponse.survey_id == survey.id, SurveyResponse.user_id == user.id)) is not None


def publication_problems(survey: Survey) -> list[str]:
    """Why the survey cannot be published yet; empty when it can."""
    problems = []
    questions = survey.questions
    if not questions:
        problems.append(_("Add at least one question."))
    for lang in survey.language_list:
        name = WRITTEN_FORM_LABELS[lang]
        if not getattr(survey, f"title_{lang}"):
            problems.append(_("The title is missing in %(language)s.", language=name))
        for number, question in enumerate(questions, 1):
            if not getattr(question, f"text_{lang}") or any(
                    not getattr(option, f"label_{lang}") for option in question.options):
                problems.append(_("Question %(num)s is missing texts in %(language)s.",
                                  num=number, language=name))
    if survey.closes_at is not None and survey.closes_at <= utcnow():
        problems.append(_("The closing time has passed."))
    return problems
