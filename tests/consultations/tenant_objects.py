"""Objects for the tenancy and CSRF walks over the URL map."""
from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

from werkzeug.datastructures import FileStorage

from app.consultations.models import (
    AnswerVisibility, ConsultationAnswer, Consultation, ConsultationDocument, ConsultationInvitee,
)
from app.core.extensions import db
from app.moderation.models import ModerationState
from app.files.services import save_document
from tests.tenant_objects import tenant_object

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@tenant_object(
    "tenant.consultations.detail", "tenant.consultations.answer",
    "tenant.consultations.edit_answer", "tenant.consultations.withdraw_answer",
    "tenant.consultations.attachment", "tenant.consultations.admin_edit",
    "tenant.consultations.admin_publish", "tenant.consultations.admin_documents",
    "tenant.consultations.admin_remove_document", "tenant.consultations.admin_invitees",
    "tenant.consultations.admin_remove_invitee", "tenant.consultations.admin_conclude",
    "tenant.consultations.admin_answers", "tenant.consultations.admin_delete",
    "tenant.consultations.admin_export", "tenant.consultations.admin_machine_draft",
    "tenant.consultations.admin_review_draft")
def open_consultation_with_everything(municipality, owner):
    """An open consultation (answers public at once) with a document, an invited body and an
    approved answer by `owner` with an attachment."""
    now = datetime.now(timezone.utc)
    consultation = Consultation(
        municipality_id=municipality.id, title_nb="Kommuneplanens arealdel", summary_nb="Kort.",
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=50),
        published_at=now - timedelta(days=2), answer_visibility=AnswerVisibility.immediately)
    db.session.add(consultation)
    db.session.flush()
    document = save_document(FileStorage(io.BytesIO(PDF), "plan.pdf"), municipality, owner,
                             public=True)
    consultation.documents.append(ConsultationDocument(stored_file=document,
                                                       stored_file_id=document.id))
    consultation.invitees.append(ConsultationInvitee(municipality_id=municipality.id, name="Statsforvalteren",
                                         email="post@statsforvalteren.no"))
    attachment = save_document(FileStorage(io.BytesIO(PDF), "svar.pdf"), municipality, owner)
    answer = ConsultationAnswer(consultation=consultation, municipality_id=municipality.id, author_id=owner.id,
                    author_name=owner.display_name, text="Svar",
                    moderation_state=ModerationState.published, public_notice_accepted=True,
                    created_at=now, attachment=attachment)
    db.session.add(answer)
    db.session.commit()
    return {"consultation_id": consultation.id, "answer_id": answer.id,
            "document_id": consultation.documents[0].id,
            "invitee_id": consultation.invitees[0].id, "fmt": "csv"}
