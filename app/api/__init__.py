"""The public, read-only JSON API at `/api/v1/` and its OpenAPI description. See README.md."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from app.api import routes  # noqa: E402,F401
