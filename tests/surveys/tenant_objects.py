from __future__ import annotations

from app.core.extensions import db
from tests.surveys.factories import build_survey
from tests.tenant_objects import tenant_object


@tenant_object("tenant.surveys.detail", "tenant.surveys.thanks", "tenant.surveys.public_results",
               "tenant.surveys.admin_builder", "tenant.surveys.admin_edit",
               "tenant.surveys.admin_publish", "tenant.surveys.admin_unpublish",
               "tenant.surveys.admin_close", "tenant.surveys.admin_delete",
               "tenant.surveys.section_new", "tenant.surveys.question_new",
               "tenant.surveys.preview", "tenant.surveys.results_page", "tenant.surveys.export",
               "tenant.surveys.admin_machine_draft", "tenant.surveys.admin_review_draft")
def survey(municipality, owner):
    built = build_survey(municipality, public_results=True)
    return {"survey_id": built.id}


@tenant_object("tenant.surveys.section_edit", "tenant.surveys.section_move",
               "tenant.surveys.section_delete")
def section(municipality, owner):
    built = build_survey(municipality)
    return {"survey_id": built.id, "section_id": built.sections[0].id}


@tenant_object("tenant.surveys.question_edit", "tenant.surveys.question_move",
               "tenant.surveys.question_delete")
def question(municipality, owner):
    built = build_survey(municipality)
    db.session.commit()
    return {"survey_id": built.id, "question_id": built.questions[0].id}
