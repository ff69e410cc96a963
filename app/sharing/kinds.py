"""The three kinds of item a member can share and copy, and what sharing needs to know of each:
its model, its URL segment, how to copy it (a function its own area owns), where its pages are
and whether it is published. The one place that names the item areas."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from flask import abort

from app.consultations.admin_services import copy_consultation
from app.consultations.models import Consultation
from app.surveys.admin_services import copy_survey
from app.surveys.models import Survey, SurveyStatus
from app.votes.admin_services import copy_vote
from app.votes.models import Vote


@dataclass(frozen=True)
class Kind:
    #: the key in NetworkCopy.kind and the audit log
    key: str
    #: the URL segment: /<k>/admin/fra-nettverket/<slug>/<id>
    slug: str
    model: type
    #: copy(source, actor, municipality) -> the new draft (the item area's service)
    copy: Callable[..., Any]
    #: the endpoint and argument of an item's admin page and its public page
    admin_endpoint: str
    public_endpoint: str
    id_arg: str
    is_published: Callable[[Any], bool]
    #: the same rule as an SQL condition, for the browse page
    published: Callable[[], Any]
    #: the title to keep with a copy (the credit still reads well if the source goes)
    plain_title: Callable[[Any], str]

    def admin_url_values(self, item) -> dict:
        return {self.id_arg: item.id}


CONSULTATION = Kind(
    "consultation", "horing", Consultation, copy_consultation,
    "tenant.consultations.admin_edit", "tenant.consultations.detail", "consultation_id",
    lambda item: item.published_at is not None, lambda: Consultation.published_at.is_not(None),
    lambda item: item.label)
VOTE = Kind(
    "vote", "avstemning", Vote, copy_vote, "tenant.votes.admin_vote", "tenant.votes.detail",
    "vote_id", lambda item: item.published_at is not None, lambda: Vote.published_at.is_not(None),
    lambda item: item.title)
SURVEY = Kind(
    "survey", "undersokelse", Survey, copy_survey, "tenant.surveys.admin_builder",
    "tenant.surveys.detail", "survey_id", lambda item: item.status is SurveyStatus.published,
    lambda: Survey.status == SurveyStatus.published,
    lambda item: item.title_nb or item.title_nn or f"#{item.id}")

KINDS = (CONSULTATION, VOTE, SURVEY)
BY_KEY = {kind.key: kind for kind in KINDS}
BY_SLUG = {kind.slug: kind for kind in KINDS}


def kind_of(item) -> Kind:
    """The kind of a consultation, vote or survey (KeyError for anything else)."""
    return next(kind for kind in KINDS if isinstance(item, kind.model))


def kind_or_404(slug: str) -> Kind:
    kind = BY_SLUG.get(slug)
    if kind is None:
        abort(404)
    return kind
