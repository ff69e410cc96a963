"""Votes on smart-city projects: single choice, approval and participatory budgets."""
from flask import Blueprint

bp = Blueprint("votes", __name__)

from app.votes import admin_routes, routes  # noqa: E402,F401
