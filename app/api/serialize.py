"""What the API says about each item: plain dicts in the shapes app/api/openapi.py describes.

Texts written in both written forms come as `{"nb": ..., "nn": ...}`; themes as their keys and
goals as numbers (the one vocabulary); moments in UTC (RFC 3339). Never an e-mail address, never
the name of a resident: an idea's history names only the municipality's staff member who answered.
"""
from __future__ import annotations

from datetime import datetime

from flask import url_for
from werkzeug.routing import BuildError

from app.consultations.models import Phase as ConsultationPhase
from app.surveys.models import QuestionType
from app.surveys.results import SUPPRESS_BELOW, survey_results as public_survey_results
from app.votes.models import VoteMethod, VotePhase
from app.votes.results import fund, rank


def moment(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def texts(obj, field: str) -> dict:
    return {"nb": getattr(obj, f"{field}_nb", None) or None,
            "nn": getattr(obj, f"{field}_nn", None) or None}


def page_url(endpoint: str, slug: str, **values) -> str | None:
    """The item's page on the web site, or None where the site has no such page."""
    try:
        return url_for(endpoint, municipality=slug, _external=True, **values)
    except BuildError:
        return None


def suppressed(count: int | None) -> tuple[int | None, bool]:
    """(the count, or None when under 5; whether it was suppressed)."""
    if count is None or count >= SUPPRESS_BELOW:
        return count, False
    return None, True


def municipality(item) -> dict:
    slug = item.slug
    return {
        "number": item.number, "slug": slug, "name": item.name,
        "official_name": item.official_name, "sami_name": item.sami_name, "county": item.county,
        "written_form": item.malform.value, "default_language": item.default_locale,
        "website": item.website or None, "updated_at": moment(item.updated_at),
        "links": {
            "page": page_url("tenant.municipalities.home", slug),
            "ideas": url_for("api.ideas", municipality=slug, _external=True),
            "consultations": url_for("api.consultations", municipality=slug, _external=True),
            "votes": url_for("api.votes", municipality=slug, _external=True),
            "surveys": url_for("api.surveys", municipality=slug, _external=True),
            "experiences": url_for("api.experiences", municipality=slug, _external=True),
        },
    }


def history_entry(change, actor_name: str | None) -> dict:
    answered = change.kind == "answer"
    return {
        "kind": change.kind, "status": change.to_status, "at": moment(change.created_at),
        "reason": (change.reason or None) if answered else None,
        "answered_by": actor_name if answered else None,
    }


def idea(item, slug: str, history: list) -> dict:
    point = ({"latitude": item.latitude, "longitude": item.longitude}
             if item.has_point else None)
    return {
        "id": item.id, "municipality": slug, "title": item.title, "body": item.body,
        "theme": item.theme, "sdgs": item.sdgs, "status": item.answer_status.value,
        "support_count": item.support_count, "comment_count": item.comment_count,
        "place": item.place_text or None, "point": point,
        "created_at": moment(item.created_at), "updated_at": moment(item.updated_at),
        "url": page_url("tenant.ideas.detail", slug, idea_id=item.id),
        "status_history": [history_entry(change, name) for change, name in history],
    }


def document(doc, slug: str) -> dict:
    stored = doc.stored_file
    return {"title": doc.label, "content_type": stored.content_type, "size": stored.size,
            "url": page_url("tenant.files.download", slug, file_id=doc.stored_file_id)}


def consultation(item, slug: str) -> dict:
    phase = item.phase
    concluded = phase is ConsultationPhase.concluded
    return {
        "id": item.id, "municipality": slug, "kind": item.kind.value,
        "title": texts(item, "title"), "summary": texts(item, "summary"),
        "body": texts(item, "body"), "theme": item.theme, "sdgs": item.sdgs,
        "phase": phase.value, "opens_at": moment(item.opens_at),
        "closes_at": moment(item.closes_at),
        "published_at": moment(item.published_at), "updated_at": moment(item.updated_at),
        "documents": [document(doc, slug) for doc in item.documents],
        "conclusion": ({**texts(item, "conclusion"), "concluded_at": moment(item.concluded_at)}
                       if concluded else None),
        "url": page_url("tenant.consultations.detail", slug, consultation_id=item.id),
    }


def project(item) -> dict:
    return {"id": item.id, "title": texts(item, "title"),
            "description": texts(item, "description"),
            "cost_nok": item.cost, "theme": item.theme, "sdgs": item.sdgs,
            "place": item.place or None}


def vote_results(item, ballots: int, per_project: dict[int, int]) -> dict:
    """The count of a closed vote, by the same rules as its results page."""
    rows = rank(item, per_project)
    budget = item.method is VoteMethod.budget
    if budget:
        fund(item.budget or 0, rows)
    return {
        "ballots": ballots, "choices": sum(row.votes for row in rows),
        "funded_total_nok": sum(r.project.cost for r in rows if r.funded) if budget else None,
        "projects": [{"project_id": row.project.id, "place": row.place, "votes": row.votes,
                      "share_of_ballots_percent": round(row.share_of(ballots), 1),
                      "funded": row.funded} for row in rows],
    }


def vote(item, slug: str, ballots: dict, per_project: dict) -> dict:
    phase = item.phase
    closed = phase is VotePhase.closed
    return {
        "id": item.id, "municipality": slug, "title": texts(item, "title"),
        "description": texts(item, "description"), "method": item.method.value, "theme": item.theme,
        "sdgs": item.sdgs, "phase": phase.value, "opens_at": moment(item.opens_at),
        "closes_at": moment(item.closes_at), "published_at": moment(item.published_at),
        "updated_at": moment(item.updated_at), "budget_nok": item.budget,
        "max_choices": item.max_choices, "min_budget_share_percent": item.min_budget_share,
        "projects": [project(p) for p in item.projects],
        "results": (vote_results(item, ballots.get(item.id, 0), per_project.get(item.id, {}))
                    if closed else None),
        "url": page_url("tenant.votes.detail", slug, vote_id=item.id),
    }


def survey(item, slug: str, responses: int) -> dict:
    shown, hidden = suppressed(responses)
    return {
        "id": item.id, "municipality": slug, "title": texts(item, "title"),
        "intro": texts(item, "intro"), "theme": item.theme, "sdgs": item.sdgs,
        "phase": item.phase.value, "opens_at": moment(item.opens_at),
        "closes_at": moment(item.closes_at), "updated_at": moment(item.updated_at),
        "responses": shown, "responses_suppressed": hidden,
        "results_url": url_for("api.survey_results", survey_id=item.id, _external=True),
        "url": page_url("tenant.surveys.public_results", slug, survey_id=item.id),
    }


def experience(item, slug: str) -> dict:
    return {
        "id": item.id, "municipality": slug, "kind": item.kind, "item_id": item.item_id,
        "title": texts(item, "title"), "asked": texts(item, "asked"),
        "participants": item.participants, "outcome": texts(item, "outcome"),
        "differently": texts(item, "differently"), "theme": item.theme, "sdgs": item.sdgs,
        "published_at": moment(item.published_at), "updated_at": moment(item.updated_at),
        "url": page_url("tenant.experiences.detail", slug, experience_id=item.id),
    }


def _row_keys(question) -> list[dict]:
    """What each result row of a question counts: an option, or a value (yes = 1, no = 0, the
    points of a scale), in the order app.surveys.results gives the rows."""
    kind = question.type
    if kind.has_options:
        return [{"option_id": option.id, "label": texts(option, "label"), "value": None}
                for option in question.options]
    if kind is QuestionType.yes_no:
        return [{"option_id": None, "label": None, "value": value} for value in (1, 0)]
    if kind is QuestionType.scale:
        return [{"option_id": None, "label": None, "value": point}
                for point in question.scale_points]
    return []


def question_result(result) -> dict:
    question = result.question
    answered, answered_hidden = suppressed(result.answered)
    rows = [{**key, "count": row.shown, "percent": row.percent,
             "suppressed": row.shown is None, "average_rank": row.average_rank}
            for key, row in zip(_row_keys(question), result.rows)]
    return {"number": result.number, "type": question.type.value,
            "text": texts(question, "text"), "answered": answered,
            "answered_suppressed": answered_hidden, "rows": rows, "statistics": result.stats}


def survey_results(item, slug: str) -> dict:
    """The survey's public summary: every count under 5 is null with its flag set; no free text."""
    total, results = public_survey_results(item, public=True)
    shown, hidden = suppressed(total)
    return {"survey_id": item.id, "municipality": slug, "phase": item.phase.value,
            "suppress_below": SUPPRESS_BELOW, "responses": shown, "responses_suppressed": hidden,
            "questions": [question_result(result) for result in results]}
