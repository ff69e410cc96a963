"""Mitt arbeid ("my work"): where a municipality's moderators and admins land after log-in. It
shows what waits for them across the areas and leads to every staff page (see README.md).

An area on top: it reads the item areas (moderation, consultations, votes, surveys, ideas) and
writes nothing, so it has no models, forms or services.
"""
from flask import Blueprint

from app.core.blueprints import AreaBlueprint

#: the municipality's page: /<k>/arbeid/
bp = AreaBlueprint("work", __name__, public_prefix="/arbeid", admin_prefix="/admin/arbeid")
#: the choice between municipalities, for an account that is staff in several: /arbeid/
chooser_bp = Blueprint("work_chooser", __name__, url_prefix="/arbeid")

from app.work import routes  # noqa: E402,F401


def register(app, tenant_bp) -> None:
    """Register the municipality's page under the tenant blueprint and the chooser at /arbeid/
    (called by create_app before the tenant blueprint itself is registered)."""
    tenant_bp.register_blueprint(bp)
    app.register_blueprint(chooser_bp)
