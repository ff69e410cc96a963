"""A world for the privacy tests: two people who both took part in everything (ideas, comments,
supports, reports, a consultation answer, a survey that needs a log-in, a ballot), through the
areas' own services, so the export and the deletion meet the data as the app stores it."""
from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from app.accounts.models import Role
from app.consultations import services as consultation_services
from app.core.extensions import db
from app.ideas import services as idea_services
from app.moderation.models import Report, ReportReason
from app.surveys import services as survey_services
from app.votes import services as vote_services
from tests.consultations.factories import make_consultation
from tests.ideas.factories import create_comment, create_idea
from tests.surveys.factories import build_survey, valid_answers
from tests.votes.factories import create_vote, project_ids


@dataclass
class Person:
    user: object
    idea: object
    comment: object
    answer: object
    response: object
    ballot_projects: list


@dataclass
class World:
    municipality: object
    consultation: object
    survey: object
    vote: object
    kari: Person
    ola: Person


def take_part(user, municipality, consultation, survey, vote, *, projects, other_idea=None,
              organisation=None) -> Person:
    idea = create_idea(municipality, user, title=f"Idé nummer {user.id} om sykkelvei",
                       body="Min idé: en trygg sykkelvei langs sjøen.")
    comment = create_comment(other_idea or idea, user, body="En kommentar jeg skrev.")
    if other_idea is not None:
        idea_services.support_idea(other_idea, user, municipality)
        db.session.add(Report(municipality_id=municipality.id, object_type="idea",
                              object_id=other_idea.id, reporter_id=user.id,
                              reason=ReportReason.off_topic, text="Hører ikke hjemme her."))
    data = {"text": f"Høringssvar fra {user.email}.", "public_notice_accepted": True}
    if organisation:
        data.update(on_behalf="organisation", organisation_name=organisation,
                    organisation_number="974760673")
    answer = consultation_services.submit_answer(consultation, user, data, notify=False)
    response = survey_services.submit_response(
        survey, survey_services.read_answers(survey, MultiDict(valid_answers(survey))), user,
        nonce=f"nonce-{user.id}", channel="page")
    ids = project_ids(vote, *projects)
    vote_services.cast_ballot(vote, user, [str(i) for i in ids])
    db.session.commit()
    return Person(user, idea, comment, answer, response, ids)


def build_world(make_municipality, make_user) -> World:
    municipality = make_municipality("Personvik")
    consultation = make_consultation(municipality, title_nb="Plan for sentrum")
    survey = build_survey(municipality, requires_login=True, required=False)
    vote = create_vote(municipality, method="approval", budget=None, max_choices=2)
    kari = make_user("kari.personvernsen@example.no", name="Kari Personvernsen",
                     role=Role.resident, municipality=municipality)
    ola = make_user("ola.annensen@example.no", name="Ola Annensen")
    kari_part = take_part(kari, municipality, consultation, survey, vote,
                          projects=("Luftsensorer",), organisation="Velforeningen Sentrum")
    ola_part = take_part(ola, municipality, consultation, survey, vote,
                         projects=("Smart gatelys", "Sykkelparkering"), other_idea=kari_part.idea)
    # Kari supports and reports Ola's idea, too: both directions exist
    idea_services.support_idea(ola_part.idea, kari, municipality)
    db.session.add(Report(municipality_id=municipality.id, object_type="idea",
                          object_id=ola_part.idea.id, reporter_id=kari.id,
                          reason=ReportReason.spam, text="Reklame."))
    db.session.commit()
    return World(municipality, consultation, survey, vote, kari_part, ola_part)
