"""Machine drafts of a survey in the other written form, and their review (issue 15).

`make_machine_draft` fills the empty fields of the other written form (the survey's title and
intro, the sections' titles and descriptions, the questions' texts, help texts and scale labels,
and the options' labels) through `app.core.drafting.draft_other_form`, and adds that written form
to `Survey.languages`, so the builder's forms show its fields and publishing checks them.
`confirm_review` records that an admin has read the draft; `admin_services.publish_survey`
refuses an unreviewed draft (`check_publishable`). Only a draft survey is drafted: a machine text
is never public before someone has read it.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core import audit
from app.core.drafting import (
    DraftError, OTHER_FORM, draft_other_form, draft_source as core_draft_source, mark_reviewed,
    source_to_draft,
)
from app.core.extensions import db
from app.core.translation import can_translate
from app.surveys.admin_services import TEXT_FIELDS
from app.surveys.models import Survey, SurveyStatus


def draft_texts(survey: Survey) -> list[tuple[object, str]]:
    """The (object, field) pairs a machine draft covers, in the order the survey shows them."""
    texts = [(survey, name) for name in TEXT_FIELDS["survey"]]
    for section in survey.sections:
        texts += [(section, name) for name in TEXT_FIELDS["section"]]
        for question in section.questions:
            texts += [(question, name) for name in TEXT_FIELDS["question"]]
            texts += [(option, "label") for option in question.options]
    return texts


def draft_source(survey: Survey) -> str | None:
    """The written form to draft the survey from (see app.core.drafting.draft_source)."""
    return core_draft_source(draft_texts(survey))


def can_draft(survey: Survey) -> bool:
    """The engine is on and the survey is a draft."""
    return survey.status is SurveyStatus.draft and all(
        can_translate(source, target) for source, target in OTHER_FORM.items())


def make_machine_draft(survey: Survey, actor, replace: bool = False) -> int:
    """Fill the other written form's empty fields with a machine draft (with `replace`, redo an
    unreviewed draft over every field of that form) and offer the survey in both written forms;
    it then needs a review before it is published. Refuses a published survey, a missing engine,
    texts where both forms (or neither) are filled in, and `replace` when there is no unreviewed
    draft. Returns how many fields were drafted."""
    if survey.status is not SurveyStatus.draft:
        raise DraftError(_l("A machine draft can only be made while the survey is a draft."))
    texts = draft_texts(survey)
    source = source_to_draft(survey, texts, replace=replace)
    count = draft_other_form(survey, texts, source, replace=replace)
    before = survey.languages
    survey.languages = ",".join(form for form in ("nb", "nn")
                                if form in survey.language_list or form == OTHER_FORM[source])
    db.session.flush()
    audit.record("survey.machine_drafted", survey, actor=actor, municipality=survey.municipality,
                 before={"languages": before},
                 after={"source": source, "target": OTHER_FORM[source], "fields": count,
                        "replace": replace, "languages": survey.languages})
    return count


def confirm_review(survey: Survey, actor) -> None:
    """Record that `actor` has read (and corrected) the machine draft. Refuses when there is
    none."""
    mark_reviewed(survey, actor)
    db.session.flush()
    audit.record("survey.draft_reviewed", survey, actor=actor, municipality=survey.municipality,
                 after={"form": survey.machine_drafted})
