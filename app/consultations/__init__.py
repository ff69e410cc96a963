"""Consultations (høringer): general ones and plan consultations under plan- og bygningsloven.

Public pages under `/<k>/horinger/`, administration under `/<k>/admin/horinger/`. A consultation's
phase (draft → scheduled → open → closed → concluded) is derived from its dates; answers
(høringssvar) are moderated before they are shown and exported for the municipality's archive.

One blueprint, `tenant.consultations.*`, for both kinds of page (so the endpoint names stay one
family), registered without a prefix because its pages live under two roots. Each root is
written once, here: routes.py declares its pages with `@public(...)`, admin_routes.py with
`@admin(...)`.
"""
from app.core.blueprints import AreaBlueprint

bp = AreaBlueprint("consultations", __name__, public_prefix="/horinger", admin_prefix="/admin/horinger")
public, admin = bp.public, bp.admin

from app.consultations import admin_routes, routes  # noqa: E402,F401  (they import bp from here)
