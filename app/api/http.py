"""What every API response carries: CORS for GET, ETag and `If-None-Match`, a short public
cache, and no cookie. Runs for every path under /api/v1, the ones no route matched too."""
from __future__ import annotations

from flask import current_app, request, session

PREFIX = "/api/v1"
#: seconds a client or proxy may reuse an answer (`API_MAX_AGE` overrides)
DEFAULT_MAX_AGE = 60
EXPOSED = ("ETag", "Link", "Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining",
           "X-RateLimit-Reset")


def _cors(response) -> None:
    headers = response.headers
    headers["Access-Control-Allow-Origin"] = "*"
    headers["Access-Control-Expose-Headers"] = ", ".join(EXPOSED)
    if request.method == "OPTIONS":
        headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        headers["Access-Control-Allow-Headers"] = "Accept, Accept-Language, If-None-Match"
        headers["Access-Control-Max-Age"] = "86400"


def _cacheable(response) -> None:
    """A public cache for a short while, an ETag from the body, and 304 when it matches."""
    response.cache_control.public = True
    response.cache_control.max_age = int(current_app.config.get("API_MAX_AGE", DEFAULT_MAX_AGE))
    if response.mimetype == "text/html":
        response.vary.update(("Accept-Language", "Cookie"))
    response.add_etag()
    response.make_conditional(request)


def finish_response(response):
    """The API's headers; the session is never saved, so no API answer sets a cookie."""
    if request.path != PREFIX and not request.path.startswith(PREFIX + "/"):
        return response
    _cors(response)
    if response.status_code == 200 and request.method in ("GET", "HEAD"):
        _cacheable(response)
    elif response.status_code >= 400:
        response.headers["Cache-Control"] = "no-store"
    if response.status_code == 405:
        response.headers.setdefault("Allow", "GET, HEAD, OPTIONS")
    if hasattr(session, "modified"):
        session.modified = False
    return response
