"""Figures: participation figures for a municipality's admins (`/<k>/admin/deltakelse/`) and for
the network's secretariat, and the public openness page about moderation (`/<k>/apenhet/`).
See README.md.
"""
from flask import Blueprint

from app.core.blueprints import AreaBlueprint

bp = AreaBlueprint("figures", __name__, public_prefix="/apenhet", admin_prefix="/admin/deltakelse")
#: the secretariat's view across members, outside any municipality
network_bp = Blueprint("figures_network", __name__, url_prefix="/nettverk/deltakelse")

from app.figures import admin_routes, routes  # noqa: E402,F401
