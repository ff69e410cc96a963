from __future__ import annotations

import io

from werkzeug.datastructures import FileStorage

from app.core.extensions import db
from app.files.services import save_document
from tests.tenant_objects import tenant_object


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@tenant_object("tenant.files.download")
def stored_document(municipality, owner):
    stored = save_document(FileStorage(io.BytesIO(pdf_bytes()), "plan.pdf"), municipality, owner,
                           public=True)
    db.session.commit()
    return {"file_id": stored.id}
