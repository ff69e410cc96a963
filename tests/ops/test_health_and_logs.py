"""/helse (healthy, unhealthy, no personal data, never cached) and the structured request logs."""
from __future__ import annotations

import io
import json
import logging

import pytest

from app.accounts.models import Role
from app.core import logs
from tests.conftest import free_port

CLOSED_REDIS = "redis://127.0.0.1:{port}/0"


def test_helse_is_healthy_and_tells_the_mail_queue_without_addresses(app, db, client, frozen_outbox):
    answer = client.get("/helse")
    body = answer.get_json()
    assert answer.status_code == 200 and body["status"] == "ok"
    assert body["database"]["ok"] and body["database"]["ms"] >= 0
    assert answer.headers["Cache-Control"] == "no-store"
    assert body["mail"] == {"delivery": "inline", "pending": 1, "failed": 0,
                            "oldest_pending_seconds": body["mail"]["oldest_pending_seconds"]}
    assert body["mail"]["oldest_pending_seconds"] >= 0
    assert "redis" not in body and body["storage"] == {"backend": "local"}
    assert "example.no" not in answer.get_data(as_text=True)


def test_helse_is_503_when_the_database_is_down(make_app):
    broken = make_app(SQLALCHEMY_DATABASE_URI="sqlite:////nonexistent-dir/tinget.sqlite3")
    answer = broken.test_client().get("/helse")
    assert answer.status_code == 503
    assert answer.get_json()["status"] == "unhealthy"
    assert answer.get_json()["database"] == {"ok": False, "error": "OperationalError"}


def test_helse_checks_redis_when_configured(make_app, redis_url):
    assert make_app(REDIS_URL=redis_url).test_client().get("/helse").get_json()["redis"]["ok"]
    answer = make_app(REDIS_URL=CLOSED_REDIS.format(port=free_port())).test_client().get("/helse")
    assert answer.status_code == 503 and answer.get_json()["redis"]["ok"] is False


@pytest.fixture
def capture():
    """`capture(app, format)`: a stream that gets the app's log lines while the test runs."""
    added = []

    def attach(app, log_format="json") -> io.StringIO:
        stream = io.StringIO()
        handler = logs.make_handler(log_format, stream)
        app.logger.addHandler(handler)
        added.append((app.logger, handler))
        return stream

    yield attach
    for logger, handler in added:
        logger.removeHandler(handler)


def lines(stream) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_each_request_has_an_id_in_its_header_and_every_log_line(make_app, capture):
    logged = make_app(LOG_FORMAT="json", REDIS_URL=CLOSED_REDIS.format(port=free_port()))
    stream = capture(logged)
    answer = logged.test_client().get("/helse?token=hemmelig", headers={"X-Request-Id": "lb-42.a"})
    assert answer.headers["X-Request-Id"] == "lb-42.a"
    records = lines(stream)
    warning = next(r for r in records if r["logger"] == "app.health")
    request_line = next(r for r in records if r["logger"] == "app.request")
    assert warning["request_id"] == request_line["request_id"] == "lb-42.a"
    assert request_line | {"duration_ms": 0, "time": ""} == {
        "time": "", "level": "INFO", "logger": "app.request", "message": "GET /helse 503",
        "request_id": "lb-42.a", "method": "GET", "path": "/helse", "route": "/helse",
        "status": 503, "duration_ms": 0, "municipality": None, "user_id": None}
    assert "hemmelig" not in stream.getvalue()

    made = logged.test_client().get("/helse", headers={"X-Request-Id": "<script> ; a=b"})
    assert len(made.headers["X-Request-Id"]) == 32 and "<" not in made.headers["X-Request-Id"]


def test_the_request_line_names_the_municipality_and_user_never_the_address(
        make_app, capture, make_municipality, make_user):
    logged = make_app(LOG_FORMAT="json")
    stream = capture(logged)
    municipality = make_municipality("Loggvik")
    user = make_user("logg@example.no", role=Role.admin, municipality=municipality)
    client = logged.test_client()
    from tests.conftest import Auth

    Auth(client).login(user)
    client.get(f"/{municipality.slug}/")
    client.get("/konto/tilbakestill/" + "Ab3_" * 12)
    records = [r for r in lines(stream) if r["logger"] == "app.request"]
    home = next(r for r in records if r["path"] == f"/{municipality.slug}/")
    assert home["municipality"] == municipality.slug and home["user_id"] == user.id
    assert "client_ip" not in home
    assert "logg@example.no" not in stream.getvalue()
    assert any(r["path"] == "/konto/tilbakestill/…" for r in records)


def test_the_client_address_is_logged_only_when_configured(make_app, capture):
    logged = make_app(LOG_FORMAT="json", LOG_CLIENT_IP=True)
    stream = capture(logged)
    logged.test_client().get("/helse")
    assert lines(stream)[-1]["client_ip"] == "127.0.0.1"


def test_text_format_carries_the_request_id(make_app, capture):
    logged = make_app(LOG_FORMAT="text")
    stream = capture(logged, "text")
    answer = logged.test_client().get("/helse")
    assert f"[{answer.headers['X-Request-Id']}] app.request: GET /helse 200" in stream.getvalue()
    assert logging.getLogger("app.request").isEnabledFor(logging.INFO)


def test_an_error_is_one_json_record_with_its_traceback_and_request_id(make_app, capture):
    logged = make_app(LOG_FORMAT="json", PROPAGATE_EXCEPTIONS=False)

    def broken():
        raise RuntimeError("boom")

    logged.add_url_rule("/ops-test-broken", "ops_test_broken", broken)
    stream = capture(logged)
    answer = logged.test_client().get("/ops-test-broken", headers={"X-Request-Id": "err-1"})
    assert answer.status_code == 500
    error = next(r for r in lines(stream) if r["level"] == "ERROR")
    assert error["request_id"] == "err-1" and "RuntimeError: boom" in error["exception"]
    assert lines(stream)[-1]["status"] == 500
