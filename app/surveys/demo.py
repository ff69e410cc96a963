"""Demo survey: "Hvordan reiser du til jobb?" in Asker, open, embeddable from 127.0.0.1:5001."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import inspect, select

from app.core.clock import utcnow
from app.core.extensions import db
from app.surveys.models import (
    QuestionType, Survey, SurveyOption, SurveyQuestion, SurveySection, SurveyStatus,
)

DEMO_TITLE = "Hvordan reiser du til jobb?"
DEMO_TOKEN = "demo-asker-reise"
DEMO_ORIGIN = "http://127.0.0.1:5001"

QUESTIONS = [
    (QuestionType.single_choice, "Hvordan reiser du oftest til jobb eller skole?",
     "Korleis reiser du oftast til jobb eller skule?", True,
     {"help_nb": "Velg det du gjør flest dager i uka.", "help_nn": "Vel det du gjer flest dagar i veka."},
     [("Bil", "Bil"), ("Buss", "Buss"), ("Tog", "Tog"), ("Sykkel eller elsparkesykkel", "Sykkel eller elsparkesykkel"),
      ("Til fots", "Til fots"), ("Jobber hjemmefra", "Jobbar heimanfrå")]),
    (QuestionType.multiple_choice, "Hva ville fått deg til å reise mer kollektivt?",
     "Kva ville fått deg til å reise meir kollektivt?", False,
     {"min_value": 1, "max_value": 3},
     [("Flere avganger", "Fleire avgangar"), ("Billigere billetter", "Billegare billettar"),
      ("Kortere reisetid", "Kortare reisetid"), ("Innfartsparkering", "Innfartsparkering"),
      ("Tryggere holdeplasser", "Tryggare haldeplassar")]),
    (QuestionType.scale, "Hvor fornøyd er du med reisen din i dag?", "Kor nøgd er du med reisa di i dag?",
     True, {"min_value": 1, "max_value": 5, "low_label_nb": "Svært misfornøyd",
            "low_label_nn": "Svært misnøgd", "high_label_nb": "Svært fornøyd", "high_label_nn": "Svært nøgd"}, []),
    (QuestionType.yes_no, "Har du tilgang til bil?", "Har du tilgang til bil?", False, {}, []),
    (QuestionType.number, "Hvor mange minutter tar reisen én vei?", "Kor mange minutt tek reisa éin veg?",
     False, {"min_value": 0, "max_value": 300}, []),
    (QuestionType.ranking, "Hva bør kommunen prioritere?", "Kva bør kommunen prioritere?", False,
     {"help_nb": "1 er viktigst.", "help_nn": "1 er viktigast."},
     [("Sykkelveier", "Sykkelvegar"), ("Busstilbud", "Busstilbod"), ("Gangveier", "Gangvegar")]),
    (QuestionType.short_text, "Hvilken bydel reiser du fra?", "Kva bydel reiser du frå?", False, {}, []),
    (QuestionType.long_text, "Har du andre forslag?", "Har du andre forslag?", False,
     {"max_length": 1000, "help_nb": "Ikke skriv personopplysninger.",
      "help_nn": "Ikkje skriv personopplysningar."}, []),
]


def _in_sixty_days() -> datetime:
    return (utcnow() + timedelta(days=60)).replace(minute=0, second=0, microsecond=0)


def load_demo_survey(asker, echo=print) -> Survey | None:
    """Create the demo survey once (idempotent) and register the demo embed origin. Skipped,
    with a message, on a database whose schema has no survey tables yet."""
    if DEMO_ORIGIN not in asker.embed_origin_list:
        asker.embed_origins = "\n".join(asker.embed_origin_list + [DEMO_ORIGIN])
    if not inspect(db.session.connection()).has_table(Survey.__tablename__):
        echo("Demo survey skipped: the database has no survey tables yet (run flask db upgrade).")
        return None
    survey = db.session.scalar(select(Survey).where(Survey.embed_token == DEMO_TOKEN))
    if survey is not None:
        if survey.closes_at is not None and survey.closes_at < utcnow() + timedelta(days=7):
            survey.closes_at = _in_sixty_days()  # keep the demo open
        return survey
    survey = Survey(
        municipality_id=asker.id, title_nb=DEMO_TITLE, title_nn="Korleis reiser du til jobb?",
        intro_nb="Asker kommune lager en ny mobilitetsplan. Svarene hjelper oss å prioritere.",
        intro_nn="Asker kommune lagar ein ny mobilitetsplan. Svara hjelper oss å prioritere.",
        languages="nb,nn", status=SurveyStatus.published, embed_token=DEMO_TOKEN,
        public_results=True, closes_at=_in_sixty_days())
    section = SurveySection(municipality_id=asker.id, position=0)
    survey.sections.append(section)
    db.session.add(survey)
    db.session.flush()
    for position, (kind, nb, nn, required, fields, options) in enumerate(QUESTIONS):
        section.questions.append(SurveyQuestion(
            municipality_id=asker.id, survey_id=survey.id, position=position, type=kind,
            text_nb=nb, text_nn=nn, required=required, **fields,
            options=[SurveyOption(municipality_id=asker.id, position=n, label_nb=a, label_nn=b)
                     for n, (a, b) in enumerate(options)]))
    db.session.flush()
    return survey
