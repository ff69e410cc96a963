"""The five kinds of item search covers: their names in URLs and on the page, and where each
item's own page is."""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Kind:
    key: str
    #: the value of ?type= (bokmål, like the area's URL segment)
    slug: str
    #: the singular name shown on a hit, and the plural used for the counts (lazy strings)
    label: object
    plural: object
    endpoint: str
    id_arg: str


KINDS = {kind.key: kind for kind in (
    Kind("idea", "ideer", _l("Idea"), _l("Ideas"), "tenant.ideas.detail", "idea_id"),
    Kind("consultation", "horinger", _l("Consultation"), _l("Consultations"),
         "tenant.consultations.detail", "consultation_id"),
    Kind("vote", "avstemninger", _l("Vote"), _l("Votes"), "tenant.votes.detail", "vote_id"),
    Kind("survey", "undersokelser", _l("Survey"), _l("Surveys"), "tenant.surveys.detail",
         "survey_id"),
    Kind("experience", "erfaringer", _l("Experience"), _l("Experiences"),
         "tenant.experiences.detail", "experience_id"),
)}

BY_SLUG = {kind.slug: kind for kind in KINDS.values()}


def item_url(kind: str, item_id: int, slug: str) -> str:
    """The public page of an item of a municipality (by its slug)."""
    meta = KINDS[kind]
    return url_for(meta.endpoint, municipality=slug, **{meta.id_arg: item_id})
