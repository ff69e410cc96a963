"""Items full of what must never travel: a consultation with answers (one with an attachment),
invited bodies, a contact person, a conclusion and a document; a vote with ballots and project
images; a survey with responses and free-text answers. Each is shared unless told otherwise."""
from __future__ import annotations

from datetime import timedelta

from app.consultations.models import Consultation, ConsultationDocument, QuestionReply
from app.core.clock import utcnow
from app.core.extensions import db
from app.files.services import save_document, save_image
from app.moderation.models import ModerationState
from app.surveys.models import (
    Survey, SurveyAnswer, SurveyResponse, SurveyStatus, SurveyTextAnswer,
)
from app.votes.models import Ballot, BallotChoice, Vote
from tests.consultations.factories import consultation_in_phase, make_answer
from tests.files.factories import image_bytes, pdf_bytes, upload
from tests.surveys.factories import build_survey
from tests.votes.factories import create_vote

CONTACT = ("Kari Kontaktperson", "kari.kontakt@asker.kommune.no", "67 00 00 00")
INVITEE = ("Asker velforbund", "post@velforbund.no")
ANSWER_TEXT = "Innbyggerens eget høringssvar om skolen"
FREE_TEXT = "Innbyggerens egen fritekst om bussen"


def _share(item, shared: bool):
    item.shared_at = utcnow() - timedelta(days=1) if shared else None
    db.session.commit()
    return item


def rich_consultation(municipality, admin, resident, *, phase: str = "concluded",
                      shared: bool = True, title: str = "Ny skole på Holmen",
                      **fields) -> Consultation:
    """A consultation in `phase` with texts in nb and nn, a theme, goals, two questions, an
    invited body, a contact person, a document, an answer with an attachment and a reply (and
    a conclusion when concluded)."""
    consultation = consultation_in_phase(
        municipality, phase, title_nb=title, title_nn=f"{title} (nynorsk)",
        questions=("Hva mener du om plasseringen?", "Hva mener du om trafikken?"),
        invitees=[INVITEE], contact_name=CONTACT[0], contact_email=CONTACT[1],
        contact_phone=CONTACT[2], theme="innbyggerinvolvering", sdgs=[4, 11],
        created_by_id=admin.id, **fields)
    consultation.questions[1].text_nn = "Kva meiner du om trafikken?"
    stored = save_document(upload(pdf_bytes(), "reguleringsplan.pdf"), municipality, admin,
                           public=True)
    consultation.documents.append(ConsultationDocument(stored_file=stored,
                                                       stored_file_id=stored.id, title="Planen"))
    db.session.commit()
    attachment = save_document(upload(pdf_bytes(), "vedlegg.pdf"), municipality, resident)
    answer = make_answer(consultation, resident, text=ANSWER_TEXT, attachment=attachment)
    db.session.add(QuestionReply(answer_id=answer.id, question_id=consultation.questions[0].id,
                                 text="Svar på spørsmålet"))
    db.session.commit()
    return _share(consultation, shared)


def rich_vote(municipality, admin, resident, *, published: bool = True, shared: bool = True,
              title: str = "Innbyggerbudsjett 2027") -> Vote:
    """An open participatory budget with a theme, goals, three projects (one with an image and
    a place) and a ballot."""
    vote = create_vote(municipality, title=title, published=published)
    vote.theme, vote.sdgs, vote.created_by_id = "mobilitet", [11, 13], admin.id
    image = save_image(upload(image_bytes("PNG", size=(40, 30)), "sensor.png"), municipality,
                       admin, "En sensor på en stolpe")
    vote.projects[0].image_id, vote.projects[0].place = image.id, "Asker sentrum"
    db.session.flush()
    ballot = Ballot(vote_id=vote.id, user_id=resident.id, municipality_id=municipality.id)
    db.session.add(ballot)
    db.session.flush()
    db.session.add(BallotChoice(ballot_id=ballot.id, project_id=vote.projects[0].id))
    db.session.commit()
    return _share(vote, shared)


def rich_survey(municipality, resident, *, draft: bool = False, shared: bool = True,
                title: str = "Hvordan reiser du til jobb?") -> Survey:
    """A survey of every question type (tests.surveys.factories) with a theme, goals and one
    response with a closed and a free-text answer."""
    survey = build_survey(municipality, title=title,
                          status=SurveyStatus.draft if draft else SurveyStatus.published)
    survey.theme, survey.sdgs = "mobilitet", [3, 11]
    response = SurveyResponse(municipality_id=municipality.id, survey_id=survey.id,
                              form_nonce="n" * 20, submitted_at=utcnow(), user_id=resident.id)
    db.session.add(response)
    db.session.flush()
    single, short = survey.questions[0], survey.questions[4]
    db.session.add(SurveyAnswer(response_id=response.id, question_id=single.id,
                                option_id=single.options[0].id))
    db.session.add(SurveyTextAnswer(response_id=response.id, question_id=short.id,
                                    municipality_id=municipality.id, body=FREE_TEXT,
                                    author_id=resident.id,
                                    moderation_state=ModerationState.published))
    db.session.commit()
    return _share(survey, shared)
