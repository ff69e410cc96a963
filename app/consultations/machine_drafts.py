"""Machine drafts of a consultation in the other written form, and their review (issue 15).

`make_machine_draft` fills the empty fields of the other written form (title, summary, text and the
questions) through `app.core.drafting.draft_other_form`; `confirm_review` records that an admin
has read the draft. `admin_services.publish_consultation` refuses an unreviewed draft
(`check_publishable`). Only a consultation not yet published is drafted: a machine text is never
public before someone has read it.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.consultations.models import Consultation
from app.core import audit
from app.core.drafting import (
    DraftError, OTHER_FORM, draft_other_form, draft_source as core_draft_source, mark_reviewed,
    source_to_draft,
)
from app.core.extensions import db
from app.core.translation import can_translate


def draft_texts(consultation: Consultation) -> list[tuple[object, str]]:
    """The (object, field) pairs a machine draft covers."""
    return [(consultation, "title"), (consultation, "summary"), (consultation, "body"),
            *((question, "text") for question in consultation.questions)]


def draft_source(consultation: Consultation) -> str | None:
    """The written form to draft the consultation from (see app.core.drafting.draft_source)."""
    return core_draft_source(draft_texts(consultation))


def can_draft(consultation: Consultation) -> bool:
    """The engine is on and the consultation is not yet published."""
    return consultation.published_at is None and all(
        can_translate(source, target) for source, target in OTHER_FORM.items())


def make_machine_draft(consultation: Consultation, actor, replace: bool = False) -> int:
    """Fill the other written form's empty fields with a machine draft (with `replace`, redo an
    unreviewed draft over its own fields); the consultation then needs a review before it is
    published. Refuses a published consultation, a missing engine, texts where both forms (or
    neither) are filled in, and `replace` when there is no unreviewed draft. Returns how many
    fields were drafted."""
    if consultation.published_at is not None:
        raise DraftError(_l("A machine draft can only be made before the consultation is "
                            "published."))
    texts = draft_texts(consultation)
    source = source_to_draft(consultation, texts, replace=replace)
    count = draft_other_form(consultation, texts, source, replace=replace)
    db.session.flush()
    audit.record("consultation.machine_drafted", consultation, actor=actor,
                 municipality=consultation.municipality,
                 after={"source": source, "target": OTHER_FORM[source], "fields": count,
                        "replace": replace})
    return count


def confirm_review(consultation: Consultation, actor) -> None:
    """Record that `actor` has read (and corrected) the machine draft. Refuses when there is
    none."""
    mark_reviewed(consultation, actor)
    db.session.flush()
    audit.record("consultation.draft_reviewed", consultation, actor=actor,
                 municipality=consultation.municipality,
                 after={"form": consultation.machine_drafted})
