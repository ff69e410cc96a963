"""Open data: aggregated, anonymised downloads (NLOD 2.0) at `/apne-data/` and `/<k>/apne-data/`,
and the DCAT-AP-NO catalogue. See README.md.
"""
from flask import Blueprint

from app.core.blueprints import AreaBlueprint

#: the network's open data and the catalogue, outside any municipality
bp = Blueprint("opendata", __name__, url_prefix="/apne-data")
#: one municipality's open data
tenant_bp = AreaBlueprint("opendata", __name__, public_prefix="/apne-data", admin_prefix="/admin/apne-data")

from app.opendata import routes  # noqa: E402,F401
