from __future__ import annotations

from app.core.extensions import db
from app.files.services import save_document
from tests.files.factories import pdf_bytes, upload
from tests.tenant_objects import tenant_object


@tenant_object("tenant.files.download")
def stored_document(municipality, owner):
    stored = save_document(upload(pdf_bytes(), "plan.pdf"), municipality, owner,
                           public=True)
    db.session.commit()
    return {"file_id": stored.id}
