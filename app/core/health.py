"""`/helse`: what a load balancer and an operator need to know, and no personal data.

    {"status": "ok", "database": {"ok": true, "ms": 0.4}, "redis": {"ok": true, "ms": 0.2},
     "mail": {"delivery": "thread", "pending": 0, "failed": 0, "oldest_pending_seconds": null},
     "cache": {"backend": "redis", ...}, "storage": {"backend": "local"}}

200 when the database (and Redis, when REDIS_URL is set) answer; 503 otherwise, so the load
balancer takes the server out. Failed mail does not make a server unhealthy (another server
cannot fix it): it is reported for monitoring. Never cached.
"""
from __future__ import annotations

import importlib
import logging
import time

from flask import current_app, jsonify
from sqlalchemy import text

from app.core.extensions import db

log = logging.getLogger("app.health")


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        check()
    except Exception as error:  # noqa: BLE001 -- any failure is an unhealthy answer, not a 500
        log.warning("Health check failed: %s", type(error).__name__)
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 2)}


def _database() -> None:
    with db.engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def _redis() -> None:
    from redis import Redis

    client = current_app.extensions.get("tinget_health_redis")
    if client is None:
        client = Redis.from_url(current_app.config["REDIS_URL"], socket_timeout=1,
                                socket_connect_timeout=1)
        current_app.extensions["tinget_health_redis"] = client
    client.ping()


def _mail() -> dict:
    from app.core import outbox
    from app.core.jobs import delivery_mode

    facts = {"delivery": delivery_mode()}
    try:
        state = outbox.state()
    except Exception as error:  # noqa: BLE001 -- the database check reports the cause
        return {**facts, "ok": False, "error": type(error).__name__}
    return {**facts, "pending": state.pending + state.sending, "failed": state.failed,
            "oldest_pending_seconds": state.oldest_pending_seconds}


def _cache() -> dict | None:
    """The cache's own description, when app.core.cache offers one."""
    try:
        cache = importlib.import_module("app.core.cache")
    except ImportError:
        return None
    describe = getattr(cache, "describe", None)
    if describe is None:
        return None
    try:
        return describe()
    except Exception as error:  # noqa: BLE001
        return {"ok": False, "error": type(error).__name__}


def report() -> tuple[dict, bool]:
    """The health report and whether this server is fit to serve."""
    from app.core.storage import get_storage

    body = {"database": _timed(_database)}
    healthy = body["database"]["ok"]
    if current_app.config.get("REDIS_URL"):
        body["redis"] = _timed(_redis)
        healthy = healthy and body["redis"]["ok"]
    body["mail"] = _mail()
    cache = _cache()
    if cache is not None:
        body["cache"] = cache
    body["storage"] = get_storage().describe()
    return {"status": "ok" if healthy else "unhealthy", **body}, healthy


def health_response():
    """The /helse response: JSON, 200 or 503, never cached."""
    body, healthy = report()
    response = jsonify(body)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
