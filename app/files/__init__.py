"""Uploaded files (images and documents): checked by content, re-encoded, served safely.

Downloads under `/<k>/filer/<id>` (`tenant.files.download`); other areas store files through
`services.save_image` / `services.save_document`. See README.md.
"""
import warnings

from flask import Blueprint
from PIL import Image

from app.files.services import IMAGE_MAX_PIXELS

bp = Blueprint("files", __name__, url_prefix="/filer")


@bp.record_once
def _guard_pillow(state) -> None:
    """Pillow's own decompression-bomb guard at the app's pixel limit, for every image the app
    opens: an image over it is refused (its warning is raised as an error), never decoded."""
    Image.MAX_IMAGE_PIXELS = int(state.app.config.get("IMAGE_MAX_PIXELS", IMAGE_MAX_PIXELS))
    warnings.filterwarnings("error", category=Image.DecompressionBombWarning)


from app.files import routes  # noqa: E402,F401
