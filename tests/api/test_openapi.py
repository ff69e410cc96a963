"""The OpenAPI description is valid OpenAPI 3.1, names exactly the API's routes, and every answer
of the test data validates against the schema it states."""
from __future__ import annotations

import re

from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from tests.api.factories import get_json


def _spec(client) -> dict:
    return get_json(client, "/api/v1/openapi.json")


def test_the_description_is_valid_openapi_3_1(client):
    spec = _spec(client)
    assert spec["openapi"].startswith("3.1")
    validate(spec)  # raises on any error


def test_the_description_names_exactly_the_routes(app, client):
    spec = _spec(client)
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)[len("/api/v1"):]
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")}
    documented = {re.sub(r"\{\w+\}", "{x}", path) for path in spec["paths"]}
    assert {re.sub(r"\{\w+\}", "{x}", path) for path in routes - {"/"}} == documented


def _validator(spec: dict, path: str, status: str = "200") -> Draft202012Validator:
    response = spec["paths"][path]["get"]["responses"][status]
    schema = response["content"]["application/json"]["schema"]
    return Draft202012Validator({**schema, "components": spec["components"]},
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def _check(spec, client, template: str, url: str, status: int = 200) -> dict:
    body = get_json(client, url, status=status)
    errors = [f"{list(e.absolute_path)}: {e.message}"
              for e in _validator(spec, template, str(status)).iter_errors(body)]
    assert not errors, (url, errors[:5])
    return body


def test_every_answer_of_the_test_data_matches_its_schema(client, world):
    spec = _spec(client)
    _check(spec, client, "/municipalities", "/api/v1/municipalities")
    _check(spec, client, "/municipalities/{slug}", "/api/v1/municipalities/apiby")
    _check(spec, client, "/municipalities/{slug}", "/api/v1/municipalities/sovekommune", 404)
    for kind in ("ideas", "consultations", "votes", "surveys", "experiences"):
        listed = _check(spec, client, f"/{kind}", f"/api/v1/{kind}")
        assert listed["data"], kind
        _check(spec, client, f"/{kind}", f"/api/v1/{kind}?limit=0", 400)
        for item_id in world.public[kind]:
            _check(spec, client, f"/{kind}/{{id}}", f"/api/v1/{kind}/{item_id}")
        _check(spec, client, f"/{kind}/{{id}}", f"/api/v1/{kind}/{world.hidden[kind][0]}", 404)
    for survey_id in world.public["surveys"]:
        _check(spec, client, "/surveys/{id}/results", f"/api/v1/surveys/{survey_id}/results")


def test_the_reference_page_shows_every_operation_and_schema(client):
    spec = _spec(client)
    page = client.get("/api/v1/").get_data(as_text=True)
    for path in spec["paths"]:
        assert f"GET {path}" in page
    for name in spec["components"]["schemas"]:
        assert f'id="skjema-{name}"' in page
    assert "cdn" not in page.lower() and "<script" not in page
