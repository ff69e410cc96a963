"""schemathesis against the OpenAPI description on a live server (a threaded werkzeug server on
127.0.0.1 over the test database, with the API test world in it): no 5xx, and no answer that
breaks the description (every schemathesis check: status codes, content types, headers, bodies,
valid input accepted, invalid input refused). Positive and negative examples, a bounded number
per operation, so the run stays well under a minute.

Runs everywhere, CI included; a missing schemathesis is a skip locally and a failure in CI."""
from __future__ import annotations

import importlib.util
import threading

import pytest
from werkzeug.serving import make_server

from tests.conftest import require

#: examples per operation and generation mode; 13 operations
EXAMPLES = 20


@pytest.fixture
def live_server(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "100000 per minute")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def test_schemathesis_finds_no_server_error_and_no_schema_break(live_server):
    require(importlib.util.find_spec("schemathesis") is not None, "schemathesis is not installed")
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis import GenerationMode
    schema = schemathesis.openapi.from_url(f"{live_server}/api/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 13
    failures = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                      suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                case.call_and_validate(base_url=f"{live_server}/api/v1")  # every check

            try:
                run()
            except Exception as error:  # collect every operation's failure, then report all
                failures.append(f"{operation.label} ({mode.value}): {error}")
    assert not failures, "\n\n".join(failures)
