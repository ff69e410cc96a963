"""How the axe audit (tests/browser/test_axe.py) visits the survey builder and public page with
machine drafts (issue 15): a bokmål-only draft (the "Make a draft in nynorsk" button), a draft
whose nynorsk is a machine draft awaiting review (the notice, the review form and "replace"),
one with both forms written by hand (the explanation), and the public page of a published
survey whose nynorsk is a reviewed machine draft (the note, in the nynorsk run). Other survey routes are
visited through tests/surveys/tenant_objects.py."""
from __future__ import annotations

from datetime import datetime, timezone

from app.core.extensions import db
from app.surveys.models import SurveyStatus
from tests.surveys.factories import build_survey

ANONYMOUS, ADMIN = "anonymous", "admin"


def scenes(world) -> dict:
    """The audit's surveys, made once per world."""
    found = getattr(world, "_surveys", None)
    if found is not None:
        return found
    municipality = world.municipality
    both = build_survey(municipality, status=SurveyStatus.draft)
    bokmal = build_survey(municipality, status=SurveyStatus.draft, languages="nb")
    for obj in [bokmal, *bokmal.sections, *bokmal.questions,
                *(o for q in bokmal.questions for o in q.options)]:
        for name in ("title", "intro", "description", "text", "help", "low_label", "high_label",
                     "label"):
            if hasattr(obj, f"{name}_nn"):
                setattr(obj, f"{name}_nn", "")
    drafted = build_survey(municipality, status=SurveyStatus.draft)
    drafted.machine_drafted = "nn"
    reviewed = build_survey(municipality)
    reviewed.machine_drafted, reviewed.draft_reviewed_at = "nn", datetime.now(timezone.utc)
    reviewed.draft_reviewed_by_id = world.admin.id
    db.session.commit()
    world._surveys = found = {"both": both, "bokmal": bokmal, "drafted": drafted,
                              "reviewed": reviewed}
    return found


def register(visits: dict, not_pages: dict, form_states: list, FormState, Visit) -> None:  # noqa: N803
    def builder(world, key: str) -> str:
        return f"/{world.slug}/admin/undersokelser/{scenes(world)[key].id}/"

    visits["tenant.surveys.admin_builder"] = lambda w: [
        Visit(builder(w, key), ADMIN) for key in ("both", "bokmal", "drafted", "reviewed")]
    visits["tenant.surveys.detail"] = lambda w: [
        Visit(f"/{w.slug}/undersokelser/{scenes(w)['reviewed'].id}", ANONYMOUS)]
