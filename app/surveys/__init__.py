"""Surveys: built by municipal admins, answered on Tinget or embedded in the municipality's
own web site (see app/embed), with results for admins and an optional public summary.

Endpoints (under the tenant blueprint, `tenant.surveys.*`): `index`, `detail`, `thanks` and
`public_results` for residents; `admin_*`, `section_*`, `question_*`, `preview`, `results` and
`export` for the municipality's admins.
"""
from flask import Blueprint

bp = Blueprint("surveys", __name__)


from app.surveys import admin_routes, routes  # noqa: E402,F401
