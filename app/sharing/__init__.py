"""Sharing in the network: a member marks a consultation, vote or survey as shared; another
member's admins browse what is shared (`/<k>/admin/fra-nettverket/`) and copy it as a draft of
their own (structure and texts only). See README.md.

The item areas never import this area: their templates reach it through the template globals
registered here (`network_kind`, `network_credit`, `network_reuses`) and the partials
`sharing/_share.html`, `sharing/_credit.html` and `sharing/_reuse.html`.
"""
from app.core.blueprints import AreaBlueprint

bp = AreaBlueprint("sharing", __name__, public_prefix="/fra-nettverket",
                   admin_prefix="/admin/fra-nettverket")

from app.sharing import admin_routes, models, queries  # noqa: E402,F401
from app.sharing.kinds import kind_of  # noqa: E402

bp.add_app_template_global(kind_of, "network_kind")
bp.add_app_template_global(queries.credit_for, "network_credit")
bp.add_app_template_global(queries.reuses_of, "network_reuses")
