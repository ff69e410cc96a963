"""What every API answer carries: CORS for GET, rate-limit headers and 429, ETag and 304,
a short public cache, JSON errors (never HTML, never a 500) and no cookie."""
from __future__ import annotations

import pytest

from tests.api.factories import get_json

PATHS = ("/api/v1/", "/api/v1/openapi.json", "/api/v1/municipalities", "/api/v1/ideas",
         "/api/v1/consultations", "/api/v1/votes", "/api/v1/surveys", "/api/v1/experiences")


@pytest.mark.parametrize("path", PATHS)
def test_get_is_open_to_every_origin_and_cacheable(client, path):
    response = client.get(path, headers={"Origin": "https://kommune.example"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    assert response.headers["Cache-Control"] in ("public, max-age=60", "max-age=60, public")
    assert response.headers["ETag"]


def test_a_preflight_is_answered(client):
    response = client.options("/api/v1/ideas", headers={
        "Origin": "https://kommune.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "If-None-Match"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response.headers["Access-Control-Allow-Headers"]


def test_the_etag_gives_304_until_the_data_changes(client, world, db):
    path = f"/api/v1/ideas/{world.public['ideas'][0]}"
    first = client.get(path)
    etag = first.headers["ETag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Access-Control-Allow-Origin"] == "*"
    world.objects["idea"].support_count = 41
    db.session.commit()
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.get_json()["support_count"] == 41


def test_the_rate_limit_is_announced_and_enforced(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "3 per minute")
    answers = [client.get("/api/v1/ideas") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0].headers["X-RateLimit-Limit"] == "3"
    assert [a.headers["X-RateLimit-Remaining"] for a in answers[:3]] == ["2", "1", "0"]
    assert int(answers[0].headers["X-RateLimit-Reset"]) > 0
    refused = answers[3]
    assert refused.mimetype == "application/json"
    assert refused.get_json()["status"] == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert refused.headers["Access-Control-Allow-Origin"] == "*"


def test_the_default_rate_limit_applies_to_get(client):
    response = client.get("/api/v1/municipalities")
    assert response.headers["X-RateLimit-Limit"] == "60"


@pytest.mark.parametrize("query,parameter", [
    ("limit=0", "limit"), ("limit=101", "limit"), ("limit=abc", "limit"), ("limit=-1", "limit"),
    ("cursor=%%%", "cursor"), ("cursor=eyJhZnRlciI6LTF9", "cursor"), ("cursor=AAAAAAA", "cursor"),
    ("sdg=18", "sdg"), ("sdg=0", "sdg"), ("theme=Mobilitet!", "theme"),
    ("municipality=%C3%A6", "municipality"), ("updated_since=i%20g%C3%A5r", "updated_since"),
    ("updated_since=2026-13-01T00:00:00Z", "updated_since"),
])
def test_a_bad_parameter_is_a_json_400_that_names_it(client, query, parameter):
    body = get_json(client, f"/api/v1/ideas?{query}", status=400)
    assert body["parameter"] == parameter and body["status"] == 400 and body["detail"]


@pytest.mark.parametrize("query", [
    "updated_since=0001-01-01T00:00:00%2B23:59", "updated_since=9999-12-31T23:59:60-23:59",
    "limit=100&limit=abc", "theme=k-12", "municipality=finnes-ikke", "x=%F0%9F%98%80" * 50,
    "cursor=" + "A" * 5000, "cursor=________",
])
def test_odd_but_harmless_query_strings_never_give_a_500(client, query):
    response = client.get(f"/api/v1/ideas?{query}")
    assert response.status_code in (200, 400) and response.mimetype == "application/json"


def test_unknown_paths_and_methods_are_json(client):
    assert get_json(client, "/api/v1/finnes-ikke", status=404)["status"] == 404
    assert get_json(client, "/api/v1/ideas/99999999999999999999", status=404)["status"] == 404
    response = client.post("/api/v1/ideas")
    assert response.status_code == 405 and response.mimetype == "application/json"


@pytest.mark.parametrize("path", PATHS + ("/api/v1/ideas?lang=en", "/api/v1/?lang=nn",
                                          "/api/v1/ideas?limit=0", "/api/v1/ideas/1"))
def test_no_answer_sets_a_cookie(client, path):
    response = client.get(path)
    assert "Set-Cookie" not in response.headers, path


def test_the_reference_page_speaks_the_chosen_language(client):
    page = client.get("/api/v1/?lang=nn").get_data(as_text=True)
    assert '<html lang="nn"' in page
    assert "GET /ideas" in page and "/openapi.json" in page
