"""Experiences ("Erfaringer"): what a municipality learnt from a concluded consultation, vote or
survey, published for the network. See README.md.
"""
from app.core.blueprints import AreaBlueprint

bp = AreaBlueprint("experiences", __name__, public_prefix="/erfaringer",
                   admin_prefix="/admin/erfaringer")

from app.experiences import admin_routes, routes  # noqa: E402,F401
