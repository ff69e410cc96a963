"""The network secretariat's tools at `/nettverk/` (network admins only): members, activity,
themes, and network consultations and votes in which the member municipalities take part.
See README.md.
"""
from flask import Blueprint

bp = Blueprint("secretariat", __name__, url_prefix="/nettverk")

from app.secretariat import routes  # noqa: E402,F401
