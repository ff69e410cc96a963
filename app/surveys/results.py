"""Results: counts per question for admins, a public summary with small counts suppressed,
and a CSV export."""
from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.i18n import format_datetime
from app.surveys.models import QuestionType, SurveyAnswer, SurveyResponse, SurveyTextAnswer
from app.surveys.texts import localized

#: counts below this are never published (NORWAY.md: open data and small numbers)
SUPPRESS_BELOW = 5


@dataclass
class Row:
    label: str
    lang: str
    count: int
    #: None when the count is suppressed
    shown: int | None = None
    percent: float | None = None
    #: ranking: the average rank (1 is best)
    average_rank: float | None = None


@dataclass
class QuestionResult:
    question: object
    number: int
    #: how many responses answered the question
    answered: int
    rows: list[Row] = field(default_factory=list)
    stats: dict[str, float] | None = None
    texts: list = field(default_factory=list)
    suppressed: bool = False

    @property
    def chart_max(self) -> int:
        return max([row.shown or 0 for row in self.rows] + [1])


def _rows_for(question, answers: list[SurveyAnswer]) -> tuple[list[Row], int]:
    kind = question.type
    by_response = {a.response_id for a in answers}
    if kind.has_options:
        rows = []
        for option in question.options:
            label = localized(option, "label")
            chosen = [a for a in answers if a.option_id == option.id]
            row = Row(label, label.lang, 0)
            if kind is QuestionType.ranking:
                row.count = sum(1 for a in chosen if a.rank == 1)
                ranks = [a.rank for a in chosen if a.rank]
                row.average_rank = round(statistics.fmean(ranks), 2) if ranks else None
            else:
                row.count = len(chosen)
            rows.append(row)
        return rows, len(by_response)
    if kind is QuestionType.yes_no:
        points = [(1.0, _("Yes")), (0.0, _("No"))]
    elif kind is QuestionType.scale:
        low, high = localized(question, "low_label"), localized(question, "high_label")
        points = []
        for point in question.scale_points:
            label = str(point)
            if point == question.scale_points[0] and low:
                label = f"{point} – {low}"
            elif point == question.scale_points[-1] and high:
                label = f"{point} – {high}"
            points.append((float(point), label))
    else:
        return [], len(by_response)
    rows = [Row(label, "", sum(1 for a in answers if a.number == value)) for value, label in points]
    return rows, len(by_response)


def _number_stats(answers: list[SurveyAnswer]) -> dict[str, float] | None:
    values = [a.number for a in answers if a.number is not None]
    if not values:
        return None
    return {"mean": round(statistics.fmean(values), 2), "median": statistics.median(values),
            "min": min(values), "max": max(values)}


def _percentages(rows: list[Row], answered: int) -> None:
    for row in rows:
        row.shown = row.count
        row.percent = round(100 * row.count / answered, 1) if answered else 0.0


def suppress_small_counts(rows: list[Row], answered: int) -> None:
    """Hide every count under 5, and one more when a single hidden count could be worked out
    by subtracting the others from the total."""
    hidden = {id(row) for row in rows if row.count < SUPPRESS_BELOW}
    if len(hidden) == 1 and len(rows) > 1 and answered >= SUPPRESS_BELOW:
        candidates = sorted((row for row in rows if id(row) not in hidden), key=lambda r: r.count)
        hidden.add(id(candidates[0]))
    for row in rows:
        if id(row) in hidden:
            row.shown = row.percent = None
        if row.average_rank is not None and answered < SUPPRESS_BELOW:
            row.average_rank = None


def survey_results(survey, *, public: bool) -> tuple[int, list[QuestionResult]]:
    """The number of responses and a result per question. `public` suppresses small counts
    and leaves out free text, which is never public before moderation."""
    total = len(db.session.scalars(select(SurveyResponse.id).where(
        SurveyResponse.survey_id == survey.id)).all())
    answers = db.session.scalars(select(SurveyAnswer).join(SurveyResponse).where(
        SurveyResponse.survey_id == survey.id)).all()
    texts = db.session.scalars(select(SurveyTextAnswer).join(SurveyResponse).where(
        SurveyResponse.survey_id == survey.id).order_by(SurveyTextAnswer.id)).all()
    results = []
    for number, question in enumerate(survey.questions, 1):
        own = [a for a in answers if a.question_id == question.id]
        rows, answered = _rows_for(question, own)
        result = QuestionResult(question, number, answered, rows)
        if question.type is QuestionType.number:
            result.stats = _number_stats(own)
        if question.type.is_text:
            result.texts = [t for t in texts if t.question_id == question.id
                            and (not public or t.is_public)]
            result.answered = len({t.response_id for t in texts if t.question_id == question.id})
        _percentages(rows, answered)
        if public:
            suppress_small_counts(rows, answered)
            if answered < SUPPRESS_BELOW:
                result.suppressed = True
                result.stats = None
        results.append(result)
    return total, results


def _safe(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _cell(question, answers: list[SurveyAnswer], texts: list[SurveyTextAnswer]) -> str:
    from app.i18n import format_number

    kind = question.type
    labels = {option.id: localized(option, "label") for option in question.options}
    if kind is QuestionType.ranking:
        ordered = sorted((a for a in answers if a.rank), key=lambda a: a.rank)
        return " > ".join(labels.get(a.option_id, "") for a in ordered)
    if kind.has_options:
        return "; ".join(labels.get(a.option_id, "") for a in answers)
    if kind is QuestionType.yes_no:
        return "" if not answers else (_("Yes") if answers[0].number == 1 else _("No"))
    if kind.is_text:
        return texts[0].body if texts else ""
    return format_number(answers[0].number) if answers else ""


def export_csv(survey) -> str:
    """Every response as one row (`;`-separated, for Norwegian spreadsheets); no accounts."""
    responses = db.session.scalars(select(SurveyResponse).where(
        SurveyResponse.survey_id == survey.id).order_by(SurveyResponse.id)).all()
    questions = survey.questions
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Response"), _("Submitted (hour)"), _("Channel")]
                    + [_safe(f"{n}. {localized(q, 'text')}") for n, q in enumerate(questions, 1)])
    for response in responses:
        row = [response.id, format_datetime(response.submitted_at),
               _("Embedded") if response.channel == "embed" else _("Web page")]
        for question in questions:
            answers = [a for a in response.answers if a.question_id == question.id]
            texts = [t for t in response.text_answers if t.question_id == question.id]
            row.append(_safe(_cell(question, answers, texts)))
        writer.writerow(row)
    return "\ufeff" + out.getvalue()
