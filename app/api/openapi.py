"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json and rendered as the
reference page at /api/v1/. It is the API's contract: tests validate it as OpenAPI 3.1, check
every response of their data against it, and run schemathesis against it on a live server.
Change it together with app/api/serialize.py and app/api/params.py.
"""
from __future__ import annotations

from app.api.params import (
    CURSOR_PATTERN, DEFAULT_LIMIT, MAX_ID, MAX_LIMIT, SLUG_PATTERN, THEME_PATTERN,
)

VERSION = "1.0.0"

STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
INTEGER = {"type": "integer"}
MOMENT = {"type": "string", "format": "date-time"}
NULLABLE_MOMENT = {"type": ["string", "null"], "format": "date-time"}
URL = {"type": "string", "format": "uri"}
NULLABLE_URL = {"type": ["string", "null"], "format": "uri"}
ID = {"type": "integer", "minimum": 1}
FILTERS = ("municipality", "theme", "sdg", "updated_since")

# The description's English texts are built inside functions, never held in module constants:
# tests/i18n/test_no_lazy_text_at_import.py reads module constants for text frozen at import.


def _sdgs() -> dict:
    return {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 17},
            "description": "UN Sustainable Development Goals (1-17) the item works towards."}


def _theme() -> dict:
    return {"type": ["string", "null"], "description": "A theme key: one of the network's "
            "seven (`mobilitet`, `apne-data`, ...) or a municipality's own (`k-<id>`)."}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict, description: str = "") -> dict:
    """A closed object: every property present (null where the schema allows), no others."""
    schema = {"type": "object", "properties": properties, "required": list(properties),
              "additionalProperties": False}
    if description:
        schema["description"] = description
    return schema


def nullable(name: str) -> dict:
    return {"oneOf": [ref(name), {"type": "null"}]}


def listing(name: str) -> dict:
    return obj({"data": {"type": "array", "items": ref(name)},
                "next_cursor": {"type": ["string", "null"], "description":
                                "Pass as `cursor` for the next page; null on the last page."}},
               f"One page of {name} objects, ordered by id.")


def _schemas() -> dict:
    sdgs, theme = _sdgs(), _theme()
    schemas = {
        "LocalText": obj({"nb": NULLABLE_STRING, "nn": NULLABLE_STRING},
                         "A text in bokmål (`nb`) and nynorsk (`nn`); null where not written."),
        "Error": {"type": "object", "required": ["error", "status"], "additionalProperties": False,
                  "properties": {"error": STRING, "status": INTEGER, "detail": STRING,
                                 "parameter": STRING}},
        "MunicipalityLinks": obj({"page": NULLABLE_URL, "ideas": URL, "consultations": URL,
                                  "votes": URL, "surveys": URL, "experiences": URL}),
        "Municipality": obj({
            "number": {"type": "string", "pattern": "^[0-9]{4}$",
                       "description": "Kommunenummer (SSB classification 131)."},
            "slug": STRING, "name": STRING, "official_name": STRING, "sami_name": NULLABLE_STRING,
            "county": STRING,
            "written_form": {"type": "string", "enum": ["bokmal", "nynorsk", "noytral"]},
            "default_language": STRING, "website": NULLABLE_STRING, "updated_at": MOMENT,
            "links": ref("MunicipalityLinks")}, "An active member municipality."),
        "StatusChange": obj({
            "kind": {"type": "string", "enum": ["submitted", "answer"]},
            "status": STRING, "at": MOMENT,
            "reason": {"type": ["string", "null"],
                       "description": "The municipality's public reason."},
            "answered_by": {"type": ["string", "null"],
                            "description": "Display name of the staff member who answered."}}),
        "Point": obj({"latitude": {"type": "number"}, "longitude": {"type": "number"}}),
        "Idea": obj({
            "id": ID, "municipality": STRING, "title": STRING, "body": STRING, "theme": theme,
            "sdgs": sdgs,
            "status": {"type": "string", "enum": ["published", "under_consideration", "accepted",
                                                  "implemented", "not_pursued"]},
            "support_count": {"type": "integer", "minimum": 0},
            "comment_count": {"type": "integer", "minimum": 0},
            "place": NULLABLE_STRING, "point": nullable("Point"), "created_at": MOMENT,
            "updated_at": MOMENT, "url": NULLABLE_URL,
            "status_history": {"type": "array", "items": ref("StatusChange")}},
            "A published idea. Authors are not named."),
        "Document": obj({"title": STRING, "content_type": STRING,
                         "size": {"type": "integer", "minimum": 0}, "url": NULLABLE_URL}),
        "Conclusion": obj({"nb": NULLABLE_STRING, "nn": NULLABLE_STRING,
                           "concluded_at": NULLABLE_MOMENT}),
        "Consultation": obj({
            "id": ID, "municipality": STRING,
            "kind": {"type": "string", "enum": ["general", "plan"]},
            "title": ref("LocalText"), "summary": ref("LocalText"), "body": ref("LocalText"),
            "theme": theme, "sdgs": sdgs,
            "phase": {"type": "string", "enum": ["scheduled", "open", "closed", "concluded"]},
            "opens_at": MOMENT, "closes_at": MOMENT, "published_at": MOMENT, "updated_at": MOMENT,
            "documents": {"type": "array", "items": ref("Document")},
            "conclusion": nullable("Conclusion"), "url": NULLABLE_URL},
            "A published consultation (høring); `conclusion` once concluded, else null."),
        "Project": obj({"id": ID, "title": ref("LocalText"), "description": ref("LocalText"),
                        "cost_nok": {"type": "integer", "minimum": 0}, "theme": theme, "sdgs": sdgs,
                        "place": NULLABLE_STRING}),
        "ProjectResult": obj({"project_id": ID, "place": {"type": "integer", "minimum": 1},
                              "votes": {"type": "integer", "minimum": 0},
                              "share_of_ballots_percent": {"type": "number", "minimum": 0},
                              "funded": {"type": ["boolean", "null"]}}),
        "VoteResults": obj({"ballots": {"type": "integer", "minimum": 0},
                            "choices": {"type": "integer", "minimum": 0},
                            "funded_total_nok": {"type": ["integer", "null"]},
                            "projects": {"type": "array", "items": ref("ProjectResult")}},
                           "Aggregates only: never a ballot, never who voted."),
        "Vote": obj({
            "id": ID, "municipality": STRING, "title": ref("LocalText"),
            "description": ref("LocalText"),
            "method": {"type": "string", "enum": ["single", "approval", "budget"]},
            "theme": theme, "sdgs": sdgs,
            "phase": {"type": "string", "enum": ["upcoming", "open", "closed"]},
            "opens_at": MOMENT, "closes_at": MOMENT, "published_at": MOMENT, "updated_at": MOMENT,
            "budget_nok": {"type": ["integer", "null"]},
            "max_choices": {"type": ["integer", "null"]},
            "min_budget_share_percent": {"type": ["integer", "null"]},
            "projects": {"type": "array", "items": ref("Project")},
            "results": nullable("VoteResults"), "url": NULLABLE_URL},
            "A published vote; `results` only once it has closed, else null."),
        "Survey": obj({
            "id": ID, "municipality": STRING, "title": ref("LocalText"), "intro": ref("LocalText"),
            "theme": theme, "sdgs": sdgs, "phase": {"type": "string", "enum": ["open", "closed"]},
            "opens_at": NULLABLE_MOMENT, "closes_at": NULLABLE_MOMENT, "updated_at": MOMENT,
            "responses": {"type": ["integer", "null"], "minimum": 5,
                          "description": "Null when fewer than 5 (see responses_suppressed)."},
            "responses_suppressed": {"type": "boolean"}, "results_url": URL, "url": NULLABLE_URL},
            "A survey whose municipality publishes a summary of its results."),
        "ResultRow": obj({
            "option_id": {"type": ["integer", "null"]}, "label": nullable("LocalText"),
            "value": {"type": ["number", "null"],
                      "description": "Yes/no: 1 or 0; scale: the point. Null for options."},
            "count": {"type": ["integer", "null"], "minimum": 0,
                      "description": "Null when suppressed (fewer than 5, or derivable)."},
            "percent": {"type": ["number", "null"]}, "suppressed": {"type": "boolean"},
            "average_rank": {"type": ["number", "null"]}}),
        "Statistics": obj({"mean": {"type": "number"}, "median": {"type": "number"},
                           "min": {"type": "number"}, "max": {"type": "number"}}),
        "QuestionResult": obj({
            "number": {"type": "integer", "minimum": 1},
            "type": {"type": "string", "enum": ["single_choice", "multiple_choice", "scale",
                                                "yes_no", "short_text", "long_text", "number",
                                                "ranking"]},
            "text": ref("LocalText"), "answered": {"type": ["integer", "null"], "minimum": 5},
            "answered_suppressed": {"type": "boolean"},
            "rows": {"type": "array", "items": ref("ResultRow")},
            "statistics": nullable("Statistics")}),
        "SurveyResults": obj({
            "survey_id": ID, "municipality": STRING,
            "phase": {"type": "string", "enum": ["open", "closed"]},
            "suppress_below": {"type": "integer", "const": 5},
            "responses": {"type": ["integer", "null"], "minimum": 5},
            "responses_suppressed": {"type": "boolean"},
            "questions": {"type": "array", "items": ref("QuestionResult")}},
            "The public summary: counts under 5 are null with their flag set; free text is "
            "left out."),
        "Experience": obj({
            "id": ID, "municipality": STRING,
            "kind": {"type": "string", "enum": ["consultation", "vote", "survey"]},
            "item_id": INTEGER, "title": ref("LocalText"), "asked": ref("LocalText"),
            "participants": {"type": "integer", "minimum": 0}, "outcome": ref("LocalText"),
            "differently": ref("LocalText"), "theme": theme, "sdgs": sdgs,
            "published_at": MOMENT, "updated_at": MOMENT, "url": NULLABLE_URL},
            "What a municipality learnt from a concluded consultation, vote or survey."),
    }
    for name in ("Municipality", "Idea", "Consultation", "Vote", "Survey", "Experience"):
        schemas[f"{name}List"] = listing(name)
    return schemas



def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


def _parameters() -> dict:
    return {
        "limit": _query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT,
                                  "default": DEFAULT_LIMIT}, "Items per page."),
        "cursor": _query("cursor", {"type": "string", "pattern": CURSOR_PATTERN},
                         "The `next_cursor` of the previous page (opaque)."),
        "municipality": _query("municipality", {"type": "string", "pattern": SLUG_PATTERN},
                               "Only this municipality's items (its slug, e.g. `asker`)."),
        "theme": _query("theme", {"type": "string", "pattern": THEME_PATTERN},
                        "Only items on this theme (a theme key)."),
        "sdg": _query("sdg", {"type": "integer", "minimum": 1, "maximum": 17},
                      "Only items that work towards this goal."),
        "updated_since": _query("updated_since", {"type": "string", "format": "date-time"},
                                "Only items changed at or after this moment (RFC 3339)."),
        "if_none_match": {"name": "If-None-Match", "in": "header", "required": False,
                          "schema": {"type": "string"},
                          "description": "The ETag of an earlier answer: 304 if unchanged."},
    }

def _headers() -> dict:
    return {
        "ETag": {"description": "A hash of the body.", "required": True, "schema": STRING},
        "Cache-Control": {"description": "`public, max-age=60`.", "schema": STRING},
        "X-RateLimit-Limit": {"description": "Requests allowed in the window.", "schema": STRING},
        "X-RateLimit-Remaining": {"description": "Requests left in the window.", "schema": STRING},
        "X-RateLimit-Reset": {"description": "When the window resets (Unix time).",
                              "schema": STRING},
    }


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": ref("Error")}}}


def _ok(schema: dict, description: str, media: str = "application/json") -> dict:
    return {"description": description, "headers": _headers(),
            "content": {media: {"schema": schema}}}


def _common_responses() -> dict:
    return {
        "304": {"description": "Not modified: the `If-None-Match` ETag still matches."},
        "429": {**_error("Too many requests: wait `Retry-After` seconds."),
                "headers": {"Retry-After": {"description": "Seconds to wait.", "schema": STRING}}},
    }


def _params(*names: str) -> list[dict]:
    return [{"$ref": f"#/components/parameters/{name}"} for name in names] + [
        {"$ref": "#/components/parameters/if_none_match"}]


def _list_op(name: str, tag: str, summary: str, filters: tuple[str, ...]) -> dict:
    return {"get": {
        "operationId": f"list{name}s", "tags": [tag], "summary": summary,
        "parameters": _params("limit", "cursor", *filters),
        "responses": {"200": _ok(ref(f"{name}List"), "One page."),
                      "400": _error("A parameter is invalid; `parameter` names it."),
                      **_common_responses()}}}


def _id_param(name: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "path", "required": True,
            "schema": schema or {"type": "integer", "minimum": 1, "maximum": MAX_ID}}


def _item_op(operation: str, tag: str, summary: str, schema: str, param: dict) -> dict:
    return {"get": {
        "operationId": operation, "tags": [tag], "summary": summary,
        "parameters": [param, {"$ref": "#/components/parameters/if_none_match"}],
        "responses": {"200": _ok(ref(schema), summary),
                      "404": _error("No such public item."), **_common_responses()}}}


def _paths() -> dict:
    return {
        "/municipalities": _list_op("Municipality", "municipalities", "Member municipalities",
                                    ("updated_since",)),
        "/municipalities/{slug}": _item_op(
            "getMunicipality", "municipalities", "One member municipality", "Municipality",
            _id_param("slug", {"type": "string", "pattern": SLUG_PATTERN})),
        "/ideas": _list_op("Idea", "ideas", "Published ideas", FILTERS),
        "/ideas/{id}": _item_op("getIdea", "ideas", "One published idea", "Idea", _id_param("id")),
        "/consultations": _list_op("Consultation", "consultations", "Published consultations",
                                   FILTERS),
        "/consultations/{id}": _item_op("getConsultation", "consultations",
                                        "One published consultation", "Consultation",
                                        _id_param("id")),
        "/votes": _list_op("Vote", "votes", "Published votes", FILTERS),
        "/votes/{id}": _item_op("getVote", "votes", "One published vote", "Vote", _id_param("id")),
        "/surveys": _list_op("Survey", "surveys", "Surveys with public results", FILTERS),
        "/surveys/{id}": _item_op("getSurvey", "surveys", "One survey with public results",
                                  "Survey", _id_param("id")),
        "/surveys/{id}/results": _item_op("getSurveyResults", "surveys",
                                          "A survey's public results", "SurveyResults",
                                          _id_param("id")),
        "/experiences": _list_op("Experience", "experiences", "Published experiences", FILTERS),
        "/experiences/{id}": _item_op("getExperience", "experiences", "One published experience",
                                      "Experience", _id_param("id")),
        "/openapi.json": {"get": {
            "operationId": "getDescription", "tags": ["meta"], "summary": "This description",
            "parameters": [{"$ref": "#/components/parameters/if_none_match"}],
            "responses": {"200": _ok({"type": "object"}, "The OpenAPI 3.1 description."),
                          **_common_responses()}}},
    }


def _summary() -> str:
    return (
        "Tinget's public, read-only API: the member municipalities and what they have published "
        "(ideas, consultations, votes, survey results and experiences). Lists are paged by an "
        "opaque cursor (`limit` at most 100; follow `next_cursor`). Every answer carries an ETag "
        "(send it back in `If-None-Match` for a 304) and may be cached publicly for 60 seconds. "
        "Requests are rate-limited per address (`X-RateLimit-*` headers; 429 with `Retry-After`). "
        "CORS is open for GET. Counts under 5 in survey results are null with a flag. "
        "Data licence: NLOD 2.0 (http://data.norge.no/nlod/no/2.0)."
    )


def description(server_url: str = "/api/v1") -> dict:
    """The OpenAPI 3.1 document, with `server_url` as its server."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Tinget API", "version": VERSION, "description": _summary(),
                 "license": {"name": "NLOD 2.0", "url": "http://data.norge.no/nlod/no/2.0"}},
        "servers": [{"url": server_url}],
        "tags": [{"name": name} for name in ("municipalities", "ideas", "consultations", "votes",
                                             "surveys", "experiences", "meta")],
        "paths": _paths(),
        "components": {"schemas": _schemas(), "parameters": _parameters()},
    }
