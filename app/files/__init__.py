"""Uploaded files (images and documents): checked by content, re-encoded, served safely.

Downloads under `/<k>/filer/<id>` (`tenant.files.download`); other areas store files through
`services.save_image` / `services.save_document`. See README.md.
"""
from flask import Blueprint

bp = Blueprint("files", __name__, url_prefix="/filer")

from app.files import routes  # noqa: E402,F401
