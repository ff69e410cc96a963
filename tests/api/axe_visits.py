"""How the axe audit (tests/browser/test_axe.py) visits the API: the reference page at /api/v1/
is a page; every other API route answers JSON."""
from __future__ import annotations

JSON_ENDPOINTS = (
    "api.description", "api.municipalities", "api.municipality", "api.ideas", "api.idea",
    "api.consultations", "api.consultation", "api.votes", "api.vote", "api.surveys", "api.survey",
    "api.survey_results", "api.experiences", "api.experience",
)


def register(visits: dict, not_pages: dict, form_states: list,
             FormState, Visit) -> None:  # noqa: N803
    visits["api.reference"] = lambda world: [Visit("/api/v1/")]
    for endpoint in JSON_ENDPOINTS:
        not_pages[endpoint] = "JSON"
