"""Answering a survey on its full page, and the public summary."""
from __future__ import annotations

from flask import abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.cache import cached_page
from app.core.extensions import db
from app.core.ratelimit import rate_limit
from app.core.tenancy import get_scoped_or_404
from app.surveys import public, queries, results
from app.surveys.models import Survey
from app.surveys.permissions import can_answer, can_see_public_results, can_view_survey
from app.surveys.services import AlreadyAnswered, read_answers, submit_response
from app.surveys.tokens import FormTokenError, TokenProblem, issue_form_token, read_form_token


def limit_answers():
    """The one rate limit on sending answers, per client address: the full page and the embed
    page alike (`SURVEY_ANSWER_RATE_LIMIT`)."""
    return rate_limit("SURVEY_ANSWER_RATE_LIMIT", "20 per minute;200 per hour")


def handle_answer(survey: Survey, channel: str, render, thanks_url: str):
    """The POST of an answer form, for the full page and the embed page alike.

    `render(token, values, errors, problem, status)` shows the form again; nothing is saved
    unless every answer is valid and the signed form token is fresh and unused. Not through
    `app.core.views.save`: a refusal (AlreadyAnswered) is no message but the "already received"
    page, and the embed page may not flash (it sets no cookie).
    """
    token = request.form.get("form_token")
    try:
        nonce = read_form_token(survey, token)
    except FormTokenError as error:
        if error.problem is not TokenProblem.expired:
            abort(400)
        answers = read_answers(survey, request.form)
        return render(issue_form_token(survey), answers.raw, {},
                      _("The form was open for too long. Check your answers and send them again."),
                      400)
    answers = read_answers(survey, request.form)
    if not answers.ok:
        return render(token, answers.raw, answers.errors, None, 200)
    try:
        submit_response(survey, answers, current_user, nonce=nonce, channel=channel)
    except AlreadyAnswered:
        db.session.rollback()
        return redirect(thanks_url + ("&" if "?" in thanks_url else "?") + "again=1", 303)
    db.session.commit()
    return redirect(thanks_url, 303)


def _visible_survey(survey_id: int) -> Survey:
    survey = get_scoped_or_404(Survey, survey_id)
    if not can_view_survey(current_user, survey):
        abort(404)
    return survey


@public("/")
@cached_page
def index():
    return render_template("surveys/index.html",
                           surveys=queries.surveys_of(g.municipality, open_only=True),
                           with_results=queries.closed_with_public_results(g.municipality))


@public("/<int:survey_id>", methods=["GET", "POST"])
@limit_answers()
def detail(survey_id: int):
    survey = _visible_survey(survey_id)
    answered = queries.has_answered(survey, current_user)
    answerable = can_answer(current_user, survey) and not answered

    def render(token, values=None, errors=None, problem=None, status=200):
        return render_template("surveys/detail.html", survey=survey, token=token,
                               values=values or {}, errors=errors or {}, problem=problem,
                               answerable=answerable, answered=answered), status

    if request.method == "POST":
        if not answerable:
            return render(None, status=409)
        return handle_answer(survey, "page", render, url_for(".thanks", survey_id=survey.id))
    return render(issue_form_token(survey) if answerable else None)


@public("/<int:survey_id>/takk")
def thanks(survey_id: int):
    survey = _visible_survey(survey_id)
    return render_template("surveys/thanks.html", survey=survey, again=bool(request.args.get("again")))


@public("/<int:survey_id>/resultater")
@cached_page
def public_results(survey_id: int):
    survey = _visible_survey(survey_id)
    if not can_see_public_results(current_user, survey):
        abort(404)
    total, question_results = results.survey_results(survey, public=True)
    return render_template("surveys/public_results.html", survey=survey, total=total,
                           results=question_results, suppress_below=results.SUPPRESS_BELOW)
