"""A world for the API tests: one member municipality with public and non-public items of every
kind, a municipality that is not a member (inactive), and the markers that must never leak."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import timedelta

from app.core.clock import utcnow
from app.core.extensions import db
from app.experiences.models import Experience
from app.ideas.models import IdeaStatus, IdeaStatusChange
from app.moderation.models import ModerationState
from app.surveys.models import SurveyAnswer, SurveyResponse, SurveyStatus
from app.votes.models import Ballot, BallotChoice
from tests.consultations.factories import consultation_in_phase
from tests.ideas.factories import create_idea
from tests.surveys.factories import build_survey, survey_in_state
from tests.votes.factories import close, create_vote

_nonce = itertools.count(1)

#: strings that sit on non-public items or people: none may appear in any API answer
SECRET = "HEMMELIG"
RESIDENT_EMAIL = "kari.hemmelig@example.no"
RESIDENT_NAME = "Kari Hemmeligsen"
STAFF_NAME = "Per Saksbehandler"


@dataclass
class World:
    municipality: object
    inactive: object
    resident: object
    staff: object
    public: dict[str, list[int]] = field(default_factory=dict)
    hidden: dict[str, list[int]] = field(default_factory=dict)
    objects: dict[str, object] = field(default_factory=dict)


def add_idea(municipality, author, state=ModerationState.published, **fields):
    return create_idea(municipality, author, state=state, **fields)


def add_answer(idea, staff, status: IdeaStatus, reason: str) -> None:
    idea.answer_status = status
    db.session.add(IdeaStatusChange(idea_id=idea.id, kind="answer", from_status="published",
                                    to_status=status.value, reason=reason, actor_id=staff.id))
    db.session.commit()


def respond(survey, count: int, *, option_index: int = 0) -> None:
    """`count` responses that all choose the option at `option_index` of the first question."""
    question = survey.questions[0]
    for n in range(count):
        response = SurveyResponse(survey_id=survey.id, municipality_id=survey.municipality_id,
                                  form_nonce=f"n{survey.id}-{option_index}-{n}-{next(_nonce)}",
                                  submitted_at=utcnow().replace(minute=0, second=0, microsecond=0))
        response.answers.append(SurveyAnswer(question_id=question.id,
                                             option_id=question.options[option_index].id))
        db.session.add(response)
    db.session.commit()


def cast(vote, voters, project_index: int = 0) -> None:
    for voter in voters:
        ballot = Ballot(vote_id=vote.id, municipality_id=vote.municipality_id, user_id=voter.id)
        ballot.choices.append(BallotChoice(project_id=vote.projects[project_index].id))
        db.session.add(ballot)
    db.session.commit()


def add_experience(municipality, item, kind: str, published: bool = True, **fields) -> Experience:
    experience = Experience(
        municipality_id=municipality.id, kind=kind, item_id=item.id,
        title_nb=fields.pop("title_nb", "Dette lærte vi"), asked_nb="Hva vi spurte om",
        participants=fields.pop("participants", 120), outcome_nb="Det ble vedtatt",
        differently_nb="Vi ville spurt tidligere", theme="mobilitet",
        published_at=utcnow() if published else None, **fields)
    experience.sdgs = [11]
    db.session.add(experience)
    db.session.commit()
    return experience


def build_world(make_municipality, make_user) -> World:
    municipality = make_municipality("Apiby", slug="apiby")
    inactive = make_municipality("Sovekommune", slug="sovekommune", is_active=False)
    resident = make_user(RESIDENT_EMAIL, name=RESIDENT_NAME, role="resident",
                         municipality=municipality)
    staff = make_user(f"per.{SECRET.lower()}@kommune.no", name=STAFF_NAME, role="admin",
                      municipality=municipality)
    voters = [make_user(f"velger{n}.{SECRET.lower()}@example.no") for n in range(6)]
    world = World(municipality, inactive, resident, staff)

    published = add_idea(municipality, resident, title="Flere sykkelstativer", sdgs=[11, 13],
                         place_text="Asker sentrum", latitude=59.83, longitude=10.43)
    add_answer(published, staff, IdeaStatus.under_consideration, "Vi ser på saken.")
    db.session.add(IdeaStatusChange(idea_id=published.id, kind="moderation", from_status="hidden",
                                    to_status="published", reason=f"{SECRET} grunn til forfatter",
                                    actor_id=staff.id))
    db.session.commit()
    pending = add_idea(municipality, resident, title=f"{SECRET} venter",
                       state=ModerationState.pending)
    hidden = add_idea(municipality, resident, title=f"{SECRET} skjult",
                      state=ModerationState.hidden)
    rejected = add_idea(municipality, resident, title=f"{SECRET} avvist",
                        state=ModerationState.rejected)
    elsewhere = add_idea(inactive, resident, title=f"{SECRET} i inaktiv kommune")
    world.public["ideas"] = [published.id]
    world.hidden["ideas"] = [pending.id, hidden.id, rejected.id, elsewhere.id]
    world.objects["idea"] = published

    draft_c = consultation_in_phase(municipality, "draft", title_nb=f"{SECRET} utkast")
    open_c = consultation_in_phase(municipality, "open", contact_email=f"saks.{SECRET}@kommune.no",
                                   contact_name=f"{SECRET} kontakt")
    closed_c = consultation_in_phase(municipality, "closed",
                                     conclusion_nb=f"{SECRET} konklusjon før vedtak")
    concluded_c = consultation_in_phase(municipality, "concluded")
    concluded_c.sdgs = [11]
    db.session.commit()
    world.public["consultations"] = [open_c.id, closed_c.id, concluded_c.id]
    world.hidden["consultations"] = [draft_c.id]
    world.objects.update(open_consultation=open_c, closed_consultation=closed_c,
                         concluded_consultation=concluded_c)

    draft_v = create_vote(municipality, published=False, title=f"{SECRET} kladd")
    open_v = create_vote(municipality, title="Åpen avstemning", results_live=True)
    closed_v = create_vote(municipality, title="Lukket avstemning")
    cast(open_v, voters)
    cast(closed_v, voters[:4])
    cast(closed_v, voters[4:], project_index=1)
    close(db, closed_v)
    world.public["votes"] = [open_v.id, closed_v.id]
    world.hidden["votes"] = [draft_v.id]
    world.objects.update(open_vote=open_v, closed_vote=closed_v)

    closed_s = survey_in_state(municipality, "closed", public_results=True)
    respond(closed_s, 7, option_index=0)
    respond(closed_s, 2, option_index=1)
    open_s = build_survey(municipality, public_results=True, title="Åpen undersøkelse")
    respond(open_s, 3)
    private_s = survey_in_state(municipality, "closed", public_results=False,
                                title=f"{SECRET} uten offentlige resultater")
    draft_s = build_survey(municipality, status=SurveyStatus.draft, public_results=True,
                           title=f"{SECRET} utkast")
    upcoming_s = build_survey(municipality, public_results=True, title=f"{SECRET} kommende",
                              opens_at=utcnow() + timedelta(days=3))
    world.public["surveys"] = [closed_s.id, open_s.id]
    world.hidden["surveys"] = [private_s.id, draft_s.id, upcoming_s.id]
    world.objects.update(closed_survey=closed_s, open_survey=open_s)

    shown = add_experience(municipality, concluded_c, "consultation")
    unpublished = add_experience(municipality, closed_v, "vote", published=False,
                                 title_nb=f"{SECRET} upublisert")
    world.public["experiences"] = [shown.id]
    world.hidden["experiences"] = [unpublished.id]
    return world


# --- reading the API -----------------------------------------------------------------------

def get_json(client, path: str, status: int = 200):
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code,
                                            response.get_data(True)[:300])
    assert response.mimetype == "application/json", (path, response.mimetype)
    return response.get_json()


def all_pages(client, path: str, limit: int = 100) -> list[dict]:
    """Every item of a list endpoint, following next_cursor."""
    items, cursor = [], None
    while True:
        separator = "&" if "?" in path else "?"
        url = f"{path}{separator}limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        body = get_json(client, url)
        items += body["data"]
        cursor = body["next_cursor"]
        if not cursor:
            return items
