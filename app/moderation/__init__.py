"""Moderation: one queue per municipality for everything residents write (see README.md).

The blueprint's pages: `routes.py` (the public report page, template helpers) and
`admin_routes.py` (the queue, decisions, blocks, settings and the audit log, for staff).
"""
from flask import Blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderering")

# The route modules register their views on `bp`, so they are imported after it exists.
from app.moderation import admin_routes, routes  # noqa: E402,F401
