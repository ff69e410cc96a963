"""Surveys: built by municipal admins, answered on Tinget or embedded in the municipality's
own web site (see app/embed), with results for admins and an optional public summary.

Public pages under `/<k>/undersokelser/`, administration under `/<k>/admin/undersokelser/`.
One blueprint, `tenant.surveys.*`, for both kinds of page (so the endpoint names stay one
family): `index`, `detail`, `thanks` and `public_results` for residents; `admin_*`, `section_*`,
`question_*`, `preview`, `results_page` and `export` for the municipality's admins. It is
registered without a prefix because its pages live under two roots; each root is written once,
here: routes.py declares its pages with `@public(...)`, admin_routes.py with `@admin(...)`.
"""
from app.core.blueprints import AreaBlueprint

bp = AreaBlueprint("surveys", __name__, public_prefix="/undersokelser", admin_prefix="/admin/undersokelser")
public, admin = bp.public, bp.admin

from app.surveys import admin_routes, routes  # noqa: E402,F401  (they import bp from here)
