"""Privacy: a resident's own contributions and data (export, delete), each municipality's privacy
notice, and the retention command. An area on top: it may import the item areas."""
from flask import Blueprint

from app.core.blueprints import AreaBlueprint

#: pages of the signed-in account: /konto/mine-bidrag, /konto/mine-data, /konto/slett
bp = Blueprint("mydata", __name__, url_prefix="/konto")
#: the municipality's privacy notice: /<k>/personvern
tenant_bp = AreaBlueprint("privacy", __name__, public_prefix="/personvern",
                          admin_prefix="/admin/personvern")

from app.privacy import routes  # noqa: E402,F401
