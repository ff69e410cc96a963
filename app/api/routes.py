"""The API's endpoints: read the parameters, run one query, serialise. Read-only: GET (and the
HEAD and OPTIONS Flask answers beside it) only."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import abort, jsonify, render_template, request
from flask_babel import gettext as _

from app.api import bp, openapi, queries, reference as reference_rows, serialize
from app.api.params import MAX_ID, ApiError, parse_listing


def _list(page: queries.Page, rows: list[dict]):
    response = jsonify(data=rows, next_cursor=page.next_cursor)
    if page.next_cursor:
        args = {**request.args.to_dict(), "cursor": page.next_cursor}
        next_url = f"{request.base_url}?{urlencode(sorted(args.items()))}"
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    return response


def _one(page: queries.Page):
    if not page.rows:
        abort(404)
    return page.rows[0], page.slugs[page.rows[0].municipality_id]


def _checked_id(value: int) -> int:
    if value > MAX_ID:
        abort(404)
    return value


@bp.errorhandler(ApiError)
def refused(error: ApiError):
    body = {"error": _("Bad request"), "status": error.status, "detail": error.detail}
    if error.parameter:
        body["parameter"] = error.parameter
    return jsonify(body), error.status


@bp.get("/")
def reference():
    spec = openapi.description(request.url_root.rstrip("/") + bp.url_prefix)
    return render_template("api/reference.html", spec=spec, base=spec["servers"][0]["url"],
                           operations=reference_rows.operations(spec),
                           schemas=reference_rows.schemas(spec))


@bp.get("/openapi.json")
def description():
    return jsonify(openapi.description(request.url_root.rstrip("/") + bp.url_prefix))


@bp.get("/municipalities")
def municipalities():
    page = queries.municipalities(parse_listing(request.args, filters=False))
    return _list(page, [serialize.municipality(item) for item in page.rows])


@bp.get("/municipalities/<slug>")
def municipality(slug: str):
    item = queries.municipality(slug)
    if item is None:
        abort(404)
    return jsonify(serialize.municipality(item))


@bp.get("/ideas")
def ideas():
    page = queries.ideas(parse_listing(request.args))
    history = queries.histories([item.id for item in page.rows])
    return _list(page, [serialize.idea(item, page.slugs[item.municipality_id], history[item.id])
                        for item in page.rows])


@bp.get("/ideas/<int:idea_id>")
def idea(idea_id: int):
    item, slug = _one(queries.idea(_checked_id(idea_id)))
    return jsonify(serialize.idea(item, slug, queries.histories([item.id])[item.id]))


@bp.get("/consultations")
def consultations():
    page = queries.consultations(parse_listing(request.args))
    return _list(page, [serialize.consultation(item, page.slugs[item.municipality_id])
                        for item in page.rows])


@bp.get("/consultations/<int:consultation_id>")
def consultation(consultation_id: int):
    item, slug = _one(queries.consultation(_checked_id(consultation_id)))
    return jsonify(serialize.consultation(item, slug))


@bp.get("/votes")
def votes():
    page = queries.votes(parse_listing(request.args))
    ballots, per_project = queries.closed_vote_counts(page.rows)
    return _list(page, [serialize.vote(item, page.slugs[item.municipality_id], ballots, per_project)
                        for item in page.rows])


@bp.get("/votes/<int:vote_id>")
def vote(vote_id: int):
    item, slug = _one(queries.vote(_checked_id(vote_id)))
    ballots, per_project = queries.closed_vote_counts([item])
    return jsonify(serialize.vote(item, slug, ballots, per_project))


@bp.get("/surveys")
def surveys():
    page = queries.surveys(parse_listing(request.args))
    responses = queries.response_counts([item.id for item in page.rows])
    return _list(page, [serialize.survey(item, page.slugs[item.municipality_id],
                                         responses.get(item.id, 0)) for item in page.rows])


@bp.get("/surveys/<int:survey_id>")
def survey(survey_id: int):
    item, slug = _one(queries.survey(_checked_id(survey_id)))
    return jsonify(serialize.survey(item, slug, queries.response_counts([item.id]).get(item.id, 0)))


@bp.get("/surveys/<int:survey_id>/results")
def survey_results(survey_id: int):
    item, slug = _one(queries.survey(_checked_id(survey_id)))
    return jsonify(serialize.survey_results(item, slug))


@bp.get("/experiences")
def experiences():
    page = queries.experiences(parse_listing(request.args))
    return _list(page, [serialize.experience(item, page.slugs[item.municipality_id])
                        for item in page.rows])


@bp.get("/experiences/<int:experience_id>")
def experience(experience_id: int):
    item, slug = _one(queries.experience(_checked_id(experience_id)))
    return jsonify(serialize.experience(item, slug))
