"""Votes on smart-city projects: single choice, approval and participatory budgets.

One blueprint, `bp`, under the tenant blueprint: public pages (routes.py) under
`/<k>/avstemninger/`, the municipality's admin pages (admin_routes.py) under
`/<k>/admin/avstemninger/`; endpoints read `tenant.votes.<view>` (`tenant.votes.detail`,
`tenant.votes.admin_vote`). See README.md.
"""
from app.core.blueprints import AreaBlueprint

bp = AreaBlueprint("votes", __name__, public_prefix="/avstemninger",
                   admin_prefix="/admin/avstemninger")

from app.votes import admin_routes, routes  # noqa: E402,F401  (the routes register on bp)
