"""The public, read-only JSON API at `/api/v1/` and its OpenAPI description. See README.md.

Every route is rate-limited per client address (`API_RATE_LIMIT`, GET and HEAD); every answer
under /api/v1 gets CORS, ETag and cache headers and never a cookie (app/api/http.py).
"""
from flask import Blueprint

from app.api.http import finish_response
from app.core.ratelimit import rate_limit

#: requests per client address and endpoint; `API_RATE_LIMIT` in the configuration overrides it
DEFAULT_RATE_LIMIT = "60 per minute;1000 per hour"

bp = Blueprint("api", __name__, url_prefix="/api/v1")
rate_limit("API_RATE_LIMIT", DEFAULT_RATE_LIMIT, methods=("GET", "HEAD"))(bp)
bp.after_app_request(finish_response)

from app.api import routes  # noqa: E402,F401
