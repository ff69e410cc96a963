"""Building surveys for tests: every question type, in bokmål and nynorsk."""
from __future__ import annotations

from datetime import timedelta

from app.core.clock import utcnow
from app.core.extensions import db
from app.surveys.models import (
    QuestionType, Survey, SurveyOption, SurveyQuestion, SurveySection, SurveyStatus,
)


def _options(municipality, labels):
    return [SurveyOption(municipality_id=municipality.id, position=n, label_nb=nb, label_nn=nn)
            for n, (nb, nn) in enumerate(labels)]


def survey_in_state(municipality, state: str, **fields) -> Survey:
    """A `build_survey` survey that is a "draft", "open" or "closed" (closed yesterday)."""
    if state == "draft":
        return build_survey(municipality, status=SurveyStatus.draft, **fields)
    if state == "closed":
        return build_survey(municipality, closes_at=utcnow() - timedelta(days=1), **fields)
    return build_survey(municipality, **fields)


def build_survey(municipality, *, status=SurveyStatus.published, requires_login=False,
                 public_results=False, opens_at=None, closes_at="future", required=True,
                 languages="nb,nn", title="Hvordan reiser du til jobb?") -> Survey:
    """A survey with one question of every type (in this order): single choice, multiple choice
    (1-2), scale 1-5, yes/no, short text, long text (max 50), number (0-300), ranking (3 options)."""
    m = municipality.id
    if closes_at == "future":
        closes_at = utcnow() + timedelta(days=14)
    survey = Survey(municipality_id=m, title_nb=title, title_nn="Korleis reiser du til jobb?",
                    intro_nb="Vi vil vite hvordan du reiser.", intro_nn="Vi vil vite korleis du reiser.",
                    languages=languages, status=status, requires_login=requires_login,
                    public_results=public_results, opens_at=opens_at, closes_at=closes_at)
    first = SurveySection(municipality_id=m, position=0, title_nb="Reisen", title_nn="Reisa")
    second = SurveySection(municipality_id=m, position=1, title_nb="Mer om deg", title_nn="Meir om deg")
    survey.sections = [first, second]
    db.session.add(survey)
    db.session.flush()

    def q(section, position, kind, nb, nn, **fields):
        question = SurveyQuestion(municipality_id=m, survey_id=survey.id, position=position,
                                  type=kind, text_nb=nb, text_nn=nn, required=required, **fields)
        section.questions.append(question)
        return question

    q(first, 0, QuestionType.single_choice, "Hvordan reiser du oftest?", "Korleis reiser du oftast?",
      help_nb="Velg det du gjør flest dager.", help_nn="Vel det du gjer flest dagar.",
      options=_options(municipality, [("Bil", "Bil"), ("Buss eller tog", "Buss eller tog"),
                                      ("Sykkel", "Sykkel"), ("Gange", "Gange")]))
    q(first, 1, QuestionType.multiple_choice, "Hva ville fått deg til å bytte?",
      "Kva ville fått deg til å byte?", min_value=1, max_value=2,
      options=_options(municipality, [("Billigere billetter", "Billigare billettar"),
                                      ("Flere avganger", "Fleire avgangar"),
                                      ("Bedre sykkelveier", "Betre sykkelvegar")]))
    q(first, 2, QuestionType.scale, "Hvor fornøyd er du med reisen?", "Kor nøgd er du med reisa?",
      min_value=1, max_value=5, low_label_nb="Svært misfornøyd", low_label_nn="Svært misnøgd",
      high_label_nb="Svært fornøyd", high_label_nn="Svært nøgd")
    q(first, 3, QuestionType.yes_no, "Har du tilgang til bil?", "Har du tilgang til bil?")
    q(second, 0, QuestionType.short_text, "Hvilket sted reiser du fra?", "Kva stad reiser du frå?")
    q(second, 1, QuestionType.long_text, "Noe mer du vil si?", "Noko meir du vil seie?",
      max_length=50)
    q(second, 2, QuestionType.number, "Hvor mange minutter tar reisen?",
      "Kor mange minutt tek reisa?", min_value=0, max_value=300)
    q(second, 3, QuestionType.ranking, "Ranger tiltakene", "Ranger tiltaka",
      options=_options(municipality, [("Buss", "Buss"), ("Sykkel", "Sykkel"), ("Vei", "Veg")]))
    db.session.commit()
    return survey


def valid_answers(survey) -> dict:
    """Form data that answers every question of a `build_survey` survey correctly."""
    qs = survey.questions
    single, multiple, scale, yes_no, short, long_, number, ranking = qs
    data = {single.field_name: str(single.options[1].id),
            multiple.field_name: [str(multiple.options[0].id), str(multiple.options[2].id)],
            scale.field_name: "4", yes_no.field_name: "0", short.field_name: "Asker sentrum",
            long_.field_name: "Flere bussavganger, takk.", number.field_name: "35"}
    for rank, option in enumerate(ranking.options, 1):
        data[f"{ranking.field_name}-{option.id}"] = str(rank)
    return data
