"""Reads: the rows of each dataset for one municipality or the whole network, with small counts
withheld, and when each dataset last changed. Grouped queries only: the number of queries does
not grow with the number of municipalities or items (a test holds them to a budget).

Nothing personal is read: no names, e-mail addresses, free texts or ballots, only counts.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app.consultations.models import Consultation, ConsultationAnswer
from app.core.clock import aware, utcnow
from app.core.extensions import db
from app.core.vocabulary import theme_label
from app.ideas.models import MUNICIPAL_THEME_PREFIX, Idea, MunicipalTheme
from app.moderation.models import ModerationState
from app.municipalities.models import Municipality
from app.municipalities.queries import active_municipalities
from app.opendata.datasets import (
    CONSULTATIONS, IDEAS, SURVEYS, VOTES, Dataset, hidden_counts,
)
from app.surveys.models import (
    QuestionType, Survey, SurveyAnswer, SurveyQuestion, SurveyResponse, SurveySection,
    SurveyStatus,
)
from app.votes.models import Ballot, BallotChoice, Vote, VoteMethod
from app.votes.results import fund, rank

#: survey question types whose answers are counted per option or point
COUNTED_TYPES = (QuestionType.single_choice, QuestionType.multiple_choice, QuestionType.ranking,
                 QuestionType.yes_no, QuestionType.scale)


def network_members() -> list[Municipality]:
    """The active municipalities, in kommunenummer order: the rows of the network's datasets."""
    return sorted(active_municipalities(), key=lambda member: member.number)


def _iso(moment: datetime | None) -> str | None:
    return aware(moment).isoformat() if moment else None


def _place(municipality: Municipality) -> dict:
    return {"kommunenummer": municipality.number, "kommune": municipality.display_name}


def _apply(row: dict, names: list[str], counts: list[int], hidden: list[bool]) -> dict:
    for name, count, hide in zip(names, counts, hidden):
        row[name] = None if hide else count
    row["prikket"] = any(hidden)
    return row


# --- ideas ----------------------------------------------------------------------------------

def _theme_names(ids: list[int]) -> dict[str, str]:
    themes = db.session.scalars(select(MunicipalTheme).where(MunicipalTheme.municipality_id.in_(ids)))
    return {theme.key: theme.name for theme in themes}


def idea_rows(municipalities: list[Municipality]) -> list[dict]:
    """Published ideas per (municipality, theme, answer), each count withheld under 5 (no total
    is published, so no count can be worked out from the others)."""
    by_id = {m.id: m for m in municipalities}
    groups = db.session.execute(
        select(Idea.municipality_id, Idea.theme, Idea.answer_status, func.count())
        .where(Idea.municipality_id.in_(by_id), Idea.moderation_state == ModerationState.published)
        .group_by(Idea.municipality_id, Idea.theme, Idea.answer_status)).all()
    own = _theme_names(list(by_id)) if any(
        theme.startswith(MUNICIPAL_THEME_PREFIX) for _, theme, _, _ in groups) else {}
    rows = []
    with force_locale("nb"):
        for municipality_id, theme, status, count in groups:
            row = {**_place(by_id[municipality_id]), "tema": theme,
                   "tema_navn": own.get(theme) or theme_label(theme), "status": status.value}
            rows.append(_apply(row, ["antall_ideer"], [count], hidden_counts([count], has_total=False)))
    return sorted(rows, key=lambda r: (r["kommunenummer"], r["tema"], r["status"]))


# --- consultations --------------------------------------------------------------------------

def _closed_consultations(ids, now):
    return (select(Consultation).where(Consultation.municipality_id.in_(ids),
                                       Consultation.published_at.is_not(None),
                                       Consultation.closes_at < now))


def consultation_rows(municipalities: list[Municipality]) -> list[dict]:
    """Approved answers per consultation whose deadline has passed: in all, from persons and from
    organisations. The total is published, so when one part is withheld the other is too."""
    by_id = {m.id: m for m in municipalities}
    consultations = list(db.session.scalars(
        _closed_consultations(list(by_id), utcnow())
        .order_by(Consultation.closes_at, Consultation.id)))
    counts: dict[tuple[int, bool], int] = {}
    for consultation_id, is_org, n in db.session.execute(
            select(ConsultationAnswer.consultation_id,
                   ConsultationAnswer.organisation_name.is_not(None), func.count())
            .where(ConsultationAnswer.consultation_id.in_([c.id for c in consultations]),
                   ConsultationAnswer.is_approved)
            .group_by(ConsultationAnswer.consultation_id,
                      ConsultationAnswer.organisation_name.is_not(None))):
        counts[(consultation_id, bool(is_org))] = n
    rows = []
    for consultation in consultations:
        persons, orgs = counts.get((consultation.id, False), 0), counts.get((consultation.id, True), 0)
        total = persons + orgs
        hidden = [True] * 3 if total < 5 else [False, *hidden_counts([persons, orgs], has_total=True)]
        row = {**_place(by_id[consultation.municipality_id]), "horing_id": consultation.id,
               "tittel_nb": consultation.title_nb or "", "tittel_nn": consultation.title_nn or "",
               "type": consultation.kind.value, "frist": _iso(consultation.closes_at)}
        rows.append(_apply(row, ["svar_totalt", "svar_privatpersoner", "svar_organisasjoner"],
                           [total, persons, orgs], hidden))
    return sorted(rows, key=lambda r: (r["kommunenummer"], r["frist"], r["horing_id"]))


# --- votes ----------------------------------------------------------------------------------

def _closed_votes(ids, now):
    return select(Vote).where(Vote.municipality_id.in_(ids), Vote.published_at.is_not(None),
                              Vote.closes_at <= now)


def vote_rows(municipalities: list[Municipality]) -> list[dict]:
    """Per project of each closed vote: the vote's ballots and the project's votes. Under 5
    ballots the whole vote is withheld; otherwise each project's votes under 5, and one more where
    a single one is withheld (ballots are published, and in a single-choice vote they are the sum)."""
    by_id = {m.id: m for m in municipalities}
    votes = list(db.session.scalars(_closed_votes(list(by_id), utcnow())
                                    .order_by(Vote.closes_at, Vote.id)))
    vote_ids = [vote.id for vote in votes]
    ballots = dict(db.session.execute(
        select(Ballot.vote_id, func.count()).where(Ballot.vote_id.in_(vote_ids))
        .group_by(Ballot.vote_id)).all())
    chosen = dict(db.session.execute(
        select(BallotChoice.project_id, func.count())
        .join(Ballot, Ballot.id == BallotChoice.ballot_id).where(Ballot.vote_id.in_(vote_ids))
        .group_by(BallotChoice.project_id)).all())
    rows = []
    for vote in votes:
        results = rank(vote, chosen)
        if vote.method is VoteMethod.budget:
            fund(vote.budget or 0, results)
        cast = ballots.get(vote.id, 0)
        withheld = cast < 5
        hidden = [True] * len(results) if withheld else hidden_counts(
            [r.votes for r in results], has_total=True)
        for result, hide in zip(results, hidden):
            row = {**_place(by_id[vote.municipality_id]), "avstemning_id": vote.id,
                   "avstemning": vote.title_nb or vote.title_nn, "metode": vote.method.value,
                   "stengt": _iso(vote.closes_at), "prosjekt_id": result.project.id,
                   "prosjekt": result.project.title_nb or result.project.title_nn, "kostnad": result.project.cost,
                   "finansiert": None if withheld else result.funded}
            rows.append(_apply(row, ["stemmesedler", "stemmer"], [cast, result.votes],
                               [withheld, hide]))
    return rows


# --- surveys --------------------------------------------------------------------------------

def _public_closed_surveys(ids, now):
    return select(Survey).where(
        Survey.municipality_id.in_(ids), Survey.status == SurveyStatus.published,
        Survey.public_results.is_(True), Survey.closes_at <= now,
        or_(Survey.opens_at.is_(None), Survey.opens_at <= now))


def _points(question) -> list[tuple[tuple, str, str]]:
    """(count key, bokmål label, nynorsk label) for each thing counted in `question`."""
    if question.type.has_options:
        return [(("option", option.id), option.label_nb or option.label_nn,
                 option.label_nn or option.label_nb) for option in question.options]
    if question.type is QuestionType.yes_no:
        return [(("number", 1.0), "Ja", "Ja"), (("number", 0.0), "Nei", "Nei")]
    return [(("number", float(point)), str(point), str(point)) for point in question.scale_points]


def _survey_counts(survey_ids: list[int]) -> tuple[dict[int, int], dict[tuple, int]]:
    responses = dict(db.session.execute(
        select(SurveyResponse.survey_id, func.count()).where(SurveyResponse.survey_id.in_(survey_ids))
        .group_by(SurveyResponse.survey_id)).all())
    counts: dict[tuple, int] = {}
    for question_id, option_id, number, n in db.session.execute(
            select(SurveyAnswer.question_id, SurveyAnswer.option_id, SurveyAnswer.number,
                   func.count()).join(SurveyResponse)
            .where(SurveyResponse.survey_id.in_(survey_ids),
                   or_(SurveyAnswer.rank.is_(None), SurveyAnswer.rank == 1))
            .group_by(SurveyAnswer.question_id, SurveyAnswer.option_id, SurveyAnswer.number)):
        key = ("option", option_id) if option_id is not None else ("number", number)
        counts[(question_id, key)] = counts.get((question_id, key), 0) + n
    return responses, counts


def survey_rows(municipalities: list[Municipality]) -> list[dict]:
    """Per option (or point) of each counted question in each closed survey with public results.
    Under 5 responses the whole survey is withheld; otherwise each count under 5, and one more
    in a question where a single one is withheld."""
    by_id = {m.id: m for m in municipalities}
    surveys = list(db.session.scalars(
        _public_closed_surveys(list(by_id), utcnow()).order_by(Survey.closes_at, Survey.id)
        .options(selectinload(Survey.sections).selectinload(SurveySection.questions)
                 .selectinload(SurveyQuestion.options))))
    responses, counts = _survey_counts([survey.id for survey in surveys])
    rows = []
    for survey in surveys:
        total = responses.get(survey.id, 0)
        questions = [q for q in survey.questions if q.type in COUNTED_TYPES]
        for number, question in enumerate(questions, start=1):
            points = _points(question)
            values = [counts.get((question.id, key), 0) for key, _, _ in points]
            hidden = [True] * len(values) if total < 5 else hidden_counts(values, has_total=True)
            for (_, label_nb, label_nn), value, hide in zip(points, values, hidden):
                row = {**_place(by_id[survey.municipality_id]), "undersokelse_id": survey.id,
                       "tittel_nb": survey.title_nb, "tittel_nn": survey.title_nn,
                       "sporsmal_nr": number, "sporsmal_nb": question.text_nb,
                       "sporsmal_nn": question.text_nn, "sporsmalstype": question.type.value,
                       "alternativ_nb": label_nb, "alternativ_nn": label_nn}
                rows.append(_apply(row, ["svar_totalt", "antall"], [total, value],
                                   [total < 5, hide]))
    return rows


ROWS = {IDEAS.key: idea_rows, CONSULTATIONS.key: consultation_rows, VOTES.key: vote_rows,
        SURVEYS.key: survey_rows}


def rows_of(dataset: Dataset, municipalities: list[Municipality]) -> list[dict]:
    """The dataset's rows, every column of `dataset.columns` in each, in a stable order."""
    return [{name: row.get(name) for name in dataset.column_names}
            for row in ROWS[dataset.key](municipalities)]


# --- when the data last changed --------------------------------------------------------------

def _latest_of(query) -> dict[int, datetime]:
    latest: dict[int, datetime] = {}
    for municipality_id, *moments in db.session.execute(query):
        found = [aware(m) for m in moments if m is not None]
        if found:
            latest[municipality_id] = max([*found, latest.get(municipality_id, found[0])])
    return latest


def last_modified(dataset: Dataset, municipalities: list[Municipality]) -> dict[int, datetime]:
    """When each municipality's data in `dataset` last changed (as far as cheaply known): the
    newest change, moderation or closing of the items it counts. Municipalities without items
    are missing from the result."""
    ids, now = [m.id for m in municipalities], utcnow()
    if dataset is IDEAS:
        return _latest_of(select(Idea.municipality_id, func.max(Idea.updated_at),
                                 func.max(Idea.moderated_at))
                          .where(Idea.municipality_id.in_(ids)).group_by(Idea.municipality_id))
    if dataset is CONSULTATIONS:
        latest = _latest_of(select(ConsultationAnswer.municipality_id,
                                   func.max(ConsultationAnswer.moderated_at))
                            .where(ConsultationAnswer.municipality_id.in_(ids))
                            .group_by(ConsultationAnswer.municipality_id))
        model, query = Consultation, _closed_consultations(ids, now)
    elif dataset is VOTES:
        latest, model, query = {}, Vote, _closed_votes(ids, now)
    else:
        latest, model, query = {}, Survey, _public_closed_surveys(ids, now)
    items = query.with_only_columns(model.municipality_id, func.max(model.updated_at),
                                    func.max(model.closes_at)).group_by(model.municipality_id)
    for municipality_id, moment in _latest_of(items).items():
        latest[municipality_id] = max(moment, latest.get(municipality_id, moment))
    return latest
