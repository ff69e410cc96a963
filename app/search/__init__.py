"""Search across the network (`/sok/`). See README.md."""
from flask import Blueprint

bp = Blueprint("search", __name__)

from app.search import routes  # noqa: E402,F401
