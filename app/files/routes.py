"""Downloads of stored files, under /<k>/filer/<id>: served with a sandboxing CSP."""
from __future__ import annotations

from flask import abort, g, send_file
from flask_login import current_user

from app.core.tenancy import get_scoped_or_404
from app.files import bp
from app.files.models import StoredFile
from app.files.permissions import can_view_file
from app.files.services import path_of


@bp.route("/<int:file_id>")
def download(file_id: int):
    stored = get_scoped_or_404(StoredFile, file_id)
    if not can_view_file(current_user, stored, g.municipality):
        abort(404)
    path = path_of(stored)
    if not path.exists():
        abort(404)
    response = send_file(path, mimetype=stored.content_type, download_name=stored.filename,
                         as_attachment=stored.kind == "document", conditional=True,
                         max_age=3600 if stored.is_public else 0)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox; frame-ancestors 'none'"
    if not stored.is_public:
        response.headers["Cache-Control"] = "private, no-store"
    return response
