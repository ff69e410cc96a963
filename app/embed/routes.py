"""The embedded survey (GET the form, POST the answers, the thank-you page) and /embed.js."""
from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, g, render_template, request, send_file, session, url_for

from app.core.extensions import csrf
from app.core.i18n import language_switch_codes
from app.core.ratelimit import rate_limit
from app.core.security import set_frame_ancestors
from app.embed import bp
from app.surveys.models import Phase
from app.surveys.permissions import can_answer
from app.surveys.queries import survey_by_token
from app.surveys.routes import handle_answer, limit_answers
from app.surveys.tokens import issue_form_token

SCRIPT = Path(__file__).resolve().parent.parent / "static" / "js" / "embed.js"

#: the embedded survey's address; the form, its POST and the thank-you page hang under it
SURVEY = "/embed/undersokelse/<token>"


def _load(token: str):
    """The survey behind `token`, framed only by its municipality's registered origins."""
    survey = survey_by_token(token)
    if survey is None or survey.phase is Phase.draft:
        abort(404)
    g.municipality = survey.municipality
    set_frame_ancestors(survey.municipality.embed_origin_list)
    return survey


def _parent_origin(survey) -> str | None:
    """The embedding page's origin as embed.js passed it, if it is a registered one."""
    origin = request.args.get("o", "")
    return origin if origin in survey.municipality.embed_origin_list else None


def _keep(survey) -> dict:
    """Query values every embed link carries: the chosen language and the parent origin."""
    values = {}
    if request.args.get("lang") in current_app.config["LANGUAGES"]:
        values["lang"] = request.args["lang"]
    parent = _parent_origin(survey)
    if parent:
        values["o"] = parent
    return values


@bp.after_request
def _no_cookies(response):
    """Embedded pages set no cookie at all (the language rides in the URL instead)."""
    if request.endpoint in ("embed.survey", "embed.answer", "embed.thanks"):
        session.modified = False
        session.accessed = False
        response.headers["Cache-Control"] = "no-store"
    return response


def _language_urls(survey) -> dict[str, str]:
    """The language switch: this page (the form, after a POST) in each language, nothing else."""
    endpoint = "embed.thanks" if request.endpoint == "embed.thanks" else "embed.survey"
    keep = _keep(survey)
    return {code: url_for(endpoint, token=survey.embed_token, **{**keep, "lang": code})
            for code in language_switch_codes()}


def _render(survey, template: str, status: int = 200, **context):
    return render_template(template, survey=survey, parent_origin=_parent_origin(survey),
                           keep=_keep(survey), language_urls=_language_urls(survey),
                           **context), status


@bp.get(SURVEY)
@rate_limit("EMBED_VIEW_RATE_LIMIT", "120 per minute", methods=None)
def survey(token: str):
    survey = _load(token)
    answerable = can_answer(None, survey) and not survey.requires_login
    return _render(survey, "embed/survey.html", answerable=answerable, values={}, errors={},
                   problem=None, token=issue_form_token(survey) if answerable else None)


@bp.post(SURVEY)
@csrf.exempt
@limit_answers()
def answer(token: str):
    survey = _load(token)
    if survey.requires_login or not can_answer(None, survey):
        return _render(survey, "embed/survey.html", 409, answerable=False, values={}, errors={},
                       problem=None, token=None)

    def render(form_token, values=None, errors=None, problem=None, status=200):
        return _render(survey, "embed/survey.html", status, answerable=True, values=values or {},
                       errors=errors or {}, problem=problem, token=form_token)

    return handle_answer(survey, "embed", render,
                         url_for(".thanks", token=token, **_keep(survey)))


@bp.get(SURVEY + "/takk")
def thanks(token: str):
    survey = _load(token)
    return _render(survey, "embed/thanks.html", again=bool(request.args.get("again")))


@bp.get("/embed.js")
def script():
    response = send_file(SCRIPT, mimetype="text/javascript", max_age=3600, conditional=True)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
