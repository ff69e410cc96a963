"""Structured logs: one JSON line per request and per app log record, tied by a request id.

`init_app(app)` (idempotent):
- gives every request an id: the `X-Request-Id` header when it looks sane (letters, digits,
  `.`, `_`, `:`, `-`; at most 128), else a new one; it is echoed in the response header and
  present in every log line written during the request;
- writes one line per request: time, level, request_id, method, path (no query string, tokens in
  the path masked), route, status, duration_ms, municipality (slug), user_id, and the client's
  address only with LOG_CLIENT_IP; never an e-mail address;
- formats the records of the `app` logger (and its children `app.*`) as JSON (LOG_FORMAT=json,
  the default outside development and testing) or text.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import datetime, timezone

from flask import Flask, g, has_request_context, request, request_finished
from sqlalchemy import inspect as orm_inspect

_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
#: a path segment that looks like a secret (signed tokens, long random ids)
_TOKEN_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9._~+=-]{32,}(?=/|$)")
_ENVIRON_ID, _ENVIRON_START = "tinget.request_id", "tinget.request_start"
_SECRET_ARGS = ("token", "secret", "key", "code", "nonce")
request_log = logging.getLogger("app.request")


class RequestIdMiddleware:
    """Outermost WSGI layer: reads or makes the request id, notes the start, adds the header."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        given = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = given if _SANE_ID.match(given) else uuid.uuid4().hex
        environ[_ENVIRON_ID] = request_id
        environ[_ENVIRON_START] = time.perf_counter()

        def start(status, headers, exc_info=None):
            headers = [(k, v) for k, v in headers if k.lower() != "x-request-id"]
            headers.append(("X-Request-Id", request_id))
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start)


def current_request_id() -> str | None:
    if not has_request_context():
        return None
    return request.environ.get(_ENVIRON_ID)


class RequestFilter(logging.Filter):
    """Adds `request_id` to every record (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, request_id, and the fields a
    record carries in `extra={"fields": {...}}`."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": datetime.fromtimestamp(record.created, timezone.utc)
                .isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                "level": record.levelname, "logger": record.name,
                "message": record.getMessage(),
                "request_id": getattr(record, "request_id", None)}
        line.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


def make_handler(log_format: str, stream=None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else
                         logging.Formatter(TEXT_FORMAT))
    handler.addFilter(RequestFilter())
    return handler


def init_app(app: Flask) -> None:
    if "tinget_logs" in app.extensions:
        return
    app.extensions["tinget_logs"] = True
    log_format = app.config.get("LOG_FORMAT") or (
        "text" if app.debug or app.testing or app.config.get("ENV_NAME") == "development"
        else "json")
    from flask.logging import default_handler

    app.logger.removeHandler(default_handler)
    for handler in [h for h in app.logger.handlers if getattr(h, "tinget", False)]:
        app.logger.removeHandler(handler)  # apps of one name share their logger
    handler = make_handler(log_format)
    handler.tinget = True
    app.logger.addHandler(handler)
    app.logger.setLevel(app.config.get("LOG_LEVEL") or "INFO")
    app.wsgi_app = RequestIdMiddleware(app.wsgi_app)
    app.before_request(_note_municipality)
    request_finished.connect(_log_request, app)


def _note_municipality() -> None:
    """The slug, read while the tenant object is fresh (after the commit it would cost a query)."""
    municipality = g.get("municipality")
    if municipality is not None:
        g.log_municipality = orm_inspect(municipality).dict.get("slug")


def _log_request(sender: Flask, response, **_) -> None:
    start = request.environ.get(_ENVIRON_START)
    fields = {
        "method": request.method, "path": safe_path(), "route": getattr(request.url_rule, "rule", None),
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - start) * 1000, 2) if start else None,
        "municipality": g.get("log_municipality"), "user_id": _user_id(),
    }
    if sender.config.get("LOG_CLIENT_IP"):
        fields["client_ip"] = request.remote_addr
    request_log.info("%s %s %s", request.method, fields["path"], response.status_code,
                     extra={"fields": fields})


def safe_path() -> str:
    """The path without its query string, with values of token-like URL arguments and long
    random-looking segments replaced by `…`."""
    path = request.path
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str) and value and any(word in name.lower() for word in _SECRET_ARGS):
            path = path.replace(value, "…")
    return _TOKEN_SEGMENT.sub("…", path)


def _user_id() -> int | None:
    """The signed-in user's id if this request already loaded them (never a query for it)."""
    user = g.get("_login_user")
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        identity = orm_inspect(user).identity
    except Exception:  # noqa: BLE001 -- not a mapped object
        return None
    return identity[0] if identity else None
