"""Privacy: a resident's own contributions and data (export, delete), each municipality's privacy
notice, and the retention command. An area on top: it may import the item areas."""
from flask import Blueprint

from app.core.blueprints import AreaBlueprint

#: pages of the signed-in account: /konto/mine-bidrag, /konto/mine-data, /konto/slett; its
#: command line (`flask retention run`) sits at the top level (cli_group=None)
bp = Blueprint("mydata", __name__, url_prefix="/konto", cli_group=None)
#: the municipality's privacy notice: /<k>/personvern
tenant_bp = AreaBlueprint("privacy", __name__, public_prefix="/personvern",
                          admin_prefix="/admin/personvern")

from app.privacy import routes  # noqa: E402,F401
from app.privacy.cli import retention  # noqa: E402

bp.cli.add_command(retention)
