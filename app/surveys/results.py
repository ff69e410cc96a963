"""Results, a read of its own: counts per question for admins, a public summary with small
counts suppressed, and the CSV export."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.core.exports import csv_stream
from app.core.extensions import db
from app.core.i18n import format_datetime, format_number, localized
from app.surveys.labels import CHANNEL_LABELS
from app.surveys.models import QuestionType, SurveyAnswer, SurveyResponse, SurveyTextAnswer

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


#: free-text answers listed per question on a results page (all of them are in the CSV)
TEXTS_SHOWN = 200

#: (option_id, number, rank) -> how many answers; one grouped query for the whole survey
Counts = dict[tuple[int | None, float | None, int | None], int]


def _rows_for(question, counts: Counts) -> list[Row]:
    kind = question.type
    if kind.has_options:
        rows = []
        for option in question.options:
            label = localized(option, "label")
            chosen = {(rank, n) for (option_id, _, rank), n in counts.items() if option_id == option.id}
            row = Row(label, label.lang, 0)
            if kind is QuestionType.ranking:
                row.count = sum(n for rank, n in chosen if rank == 1)
                ranked = sum(n for rank, n in chosen if rank)
                if ranked:
                    row.average_rank = round(sum(rank * n for rank, n in chosen if rank) / ranked, 2)
            else:
                row.count = sum(n for _, n in chosen)
            rows.append(row)
        return rows
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
        return []
    return [Row(label, "", sum(n for (_, number, _), n in counts.items() if number == value))
            for value, label in points]


def _number_stats(counts: Counts) -> dict[str, float] | None:
    """Mean, median, lowest and highest from a histogram of the numbers given."""
    histogram = sorted((number, n) for (_, number, _), n in counts.items() if number is not None)
    total = sum(n for _, n in histogram)
    if not total:
        return None

    def nth(index: int) -> float:
        seen = 0
        for number, n in histogram:
            seen += n
            if index < seen:
                return number
        return histogram[-1][0]

    middle = total // 2
    median = nth(middle) if total % 2 else (nth(middle - 1) + nth(middle)) / 2
    mean = sum(number * n for number, n in histogram) / total
    return {"mean": round(mean, 2), "median": median, "min": histogram[0][0],
            "max": histogram[-1][0]}


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


def _aggregates(survey) -> tuple[int, dict[int, Counts], dict[int, int]]:
    """Responses, answer counts per question and how many responses answered each question,
    in three grouped queries whatever the number of responses."""
    of_survey = SurveyResponse.survey_id == survey.id
    total = db.session.scalar(select(func.count(SurveyResponse.id)).where(of_survey)) or 0
    counts: dict[int, Counts] = {}
    for question_id, option_id, number, rank, n in db.session.execute(
            select(SurveyAnswer.question_id, SurveyAnswer.option_id, SurveyAnswer.number,
                   SurveyAnswer.rank, func.count()).join(SurveyResponse).where(of_survey)
            .group_by(SurveyAnswer.question_id, SurveyAnswer.option_id, SurveyAnswer.number,
                      SurveyAnswer.rank)):
        counts.setdefault(question_id, {})[(option_id, number, rank)] = n
    answered = {}
    for model in (SurveyAnswer, SurveyTextAnswer):
        answered.update(db.session.execute(
            select(model.question_id, func.count(func.distinct(model.response_id)))
            .join(SurveyResponse).where(of_survey).group_by(model.question_id)).all())
    return total, counts, answered


def _texts(question, public: bool) -> list[SurveyTextAnswer]:
    query = select(SurveyTextAnswer).where(SurveyTextAnswer.question_id == question.id)
    if public:
        query = query.where(SurveyTextAnswer.is_public)
    return list(db.session.scalars(query.order_by(SurveyTextAnswer.id.desc()).limit(TEXTS_SHOWN)))


def survey_results(survey, *, public: bool) -> tuple[int, list[QuestionResult]]:
    """The number of responses and a result per question. `public` suppresses small counts
    and shows only free text a moderator has published."""
    total, counts, answered = _aggregates(survey)
    results = []
    for number, question in enumerate(survey.questions, 1):
        own = counts.get(question.id, {})
        rows = _rows_for(question, own)
        result = QuestionResult(question, number, answered.get(question.id, 0), rows)
        if question.type is QuestionType.number:
            result.stats = _number_stats(own)
        if question.type.is_text:
            result.texts = _texts(question, public)
        _percentages(rows, result.answered)
        if public:
            suppress_small_counts(rows, result.answered)
            if result.answered < SUPPRESS_BELOW:
                result.suppressed = True
                result.stats = None
        results.append(result)
    return total, results


def _answer_text(question, answers: list[SurveyAnswer], texts: list[SurveyTextAnswer]) -> str:
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


def export_csv(survey, batch: int = 500) -> Iterator[str]:
    """Every response as one row, through the one CSV writer (`;`, BOM, formula-safe cells),
    read a batch at a time with its answers (no query per response); no account or e-mail."""
    questions = survey.questions
    header = [_("Response"), _("Submitted (hour)"), _("Channel")] + [
        f"{n}. {localized(q, 'text')}" for n, q in enumerate(questions, 1)]
    return csv_stream(header, _row_batches(survey.id, questions, batch))


def _row_batches(survey_id: int, questions, batch: int) -> Iterator[list[list]]:
    last_id = 0
    while True:
        responses = db.session.scalars(
            select(SurveyResponse).where(SurveyResponse.survey_id == survey_id,
                                         SurveyResponse.id > last_id)
            .options(selectinload(SurveyResponse.answers), selectinload(SurveyResponse.text_answers))
            .order_by(SurveyResponse.id).limit(batch)).all()
        if not responses:
            return
        rows = []
        for response in responses:
            channel = CHANNEL_LABELS["embed" if response.channel == "embed" else "page"]
            row = [response.id, format_datetime(response.submitted_at), str(channel)]
            for question in questions:
                answers = [a for a in response.answers if a.question_id == question.id]
                texts = [t for t in response.text_answers if t.question_id == question.id]
                row.append(_answer_text(question, answers, texts))
            rows.append(row)
        yield rows
        last_id = responses[-1].id
