"""How the axe audit (tests/browser/test_axe.py) visits the survey and embed pages.

`register(...)` adds the embed routes to its VISITS and NOT_PAGES and the survey forms with
errors to its FORM_STATES; the tenant survey routes are visited through
tests/surveys/tenant_objects.py like every other tenant route.
"""
from __future__ import annotations

from tests.surveys.factories import build_survey


def world_survey(world):
    """One open survey in the audit's municipality (with public results), made once."""
    survey = getattr(world, "_survey", None)
    if survey is None:
        survey = build_survey(world.municipality, public_results=True)
        world._survey = survey
    return survey


def register(visits: dict, not_pages: dict, form_states: list, FormState, Visit) -> None:  # noqa: N803
    def embed(world):
        return f"/embed/undersokelse/{world_survey(world).embed_token}"

    visits["embed.survey"] = lambda w: [Visit(embed(w))]
    visits["embed.thanks"] = lambda w: [Visit(embed(w) + "/takk")]
    not_pages["embed.script"] = "embed.js, the script a municipality's page loads"
    not_pages["tenant.surveys.export"] = "the answers as CSV"
    form_states += [
        FormState("survey, nothing answered",
                  lambda w: f"/{w.slug}/undersokelser/{world_survey(w).id}", {}),
        FormState("embedded survey, nothing answered", embed, {}),
        FormState("survey preview, nothing answered",
                  lambda w: f"/{w.slug}/admin/undersokelser/{world_survey(w).id}/forhandsvisning",
                  {}, who="admin"),
    ]
