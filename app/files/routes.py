"""Downloads of stored files, under /<k>/filer/<id>: served with a sandboxing CSP."""
from __future__ import annotations

from flask import abort, g
from flask_login import current_user

from app.core.tenancy import get_scoped_or_404
from app.files import bp
from app.files.models import StoredFile
from app.files.permissions import can_view_file
from app.files.services import file_exists, serve_file


@bp.route("/<int:file_id>")
def download(file_id: int):
    stored = get_scoped_or_404(StoredFile, file_id)
    if not can_view_file(current_user, stored, g.municipality):
        abort(404)
    if not file_exists(stored):
        abort(404)
    return serve_file(stored)
