"""The tenants: Norway's municipalities, their home pages and their admins' settings.

Pages under the tenant blueprint (`/<k>/`, endpoints `tenant.municipalities.*`); see README.md.
"""
from flask import Blueprint

bp = Blueprint("municipalities", __name__)

from app.municipalities import admin_routes, routes  # noqa: E402,F401
