"""Sharing in the network: a member marks a consultation, vote or survey as shared; another
member's admins browse what is shared (`/<k>/admin/fra-nettverket/`) and copy it as a draft of
their own (structure and texts only). See README.md.
"""
from app.core.blueprints import AreaBlueprint

bp = AreaBlueprint("sharing", __name__, public_prefix="/fra-nettverket",
                   admin_prefix="/admin/fra-nettverket")

from app.sharing import admin_routes  # noqa: E402,F401
