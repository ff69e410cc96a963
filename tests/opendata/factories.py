"""Data with known counts for the open-data tests: ideas, consultation answers, ballots and
survey responses straight in the database, with the personal details the downloads must never
show (names, e-mail addresses, free texts)."""
from __future__ import annotations

import itertools
import uuid
from types import SimpleNamespace
from datetime import timedelta

from app.accounts.services import create_user
from app.core.clock import utcnow
from app.core.extensions import db
from app.ideas.models import IdeaStatus
from app.moderation.models import ModerationState
from app.surveys.models import SurveyAnswer, SurveyResponse, SurveyTextAnswer
from app.votes.models import Ballot, BallotChoice, VoteMethod
from tests.consultations.factories import consultation_in_phase, make_answer
from tests.ideas.factories import create_idea
from tests.surveys.factories import build_survey
from tests.votes.factories import create_vote, hours

_n = itertools.count(1)
#: a valid organisation number (passes the mod-11 check)
ORG_NUMBER = "974760673"
#: what residents wrote or are called: none of it may appear in a download
SECRET_NAME = "Kari Hemmeligsen"
SECRET_TEXT = "Min private tekst om naboen"


def resident():
    n = next(_n)
    user = create_user(f"beboer{n}-{uuid.uuid4().hex[:6]}@example.no", "et langt passord 123",
                       f"{SECRET_NAME} {n}")
    db.session.commit()
    return user


def anonymous(name: str = SECRET_NAME) -> SimpleNamespace:
    """A sender whose account is gone (author_id None): cheaper than an account per answer."""
    return SimpleNamespace(id=None, display_name=f"{name} {next(_n)}")


def ideas(municipality, count: int, *, theme="mobilitet", status=IdeaStatus.published,
          state=ModerationState.published):
    author = resident()
    for _ in range(count):
        n = next(_n)
        idea = create_idea(municipality, author, title=f"{SECRET_TEXT} {n}",
                           body=f"{SECRET_TEXT} {n}, lang nok til å bli godtatt.", theme=theme,
                           state=state)
        idea.answer_status = status
    db.session.commit()


def consultation(municipality, persons: int, organisations: int, *, phase="closed",
                 status="approved", title="Ny skole på Holmen"):
    """A consultation in `phase` with that many answers from persons and from organisations."""
    item = consultation_in_phase(municipality, phase, title_nb=title)
    for index in range(persons + organisations):
        org = index >= persons
        make_answer(item, anonymous(), status=status, text=SECRET_TEXT,
                    organisation_name=f"{SECRET_NAME} AS" if org else None,
                    organisation_number=ORG_NUMBER if org else None)
    return item


def vote(municipality, votes_per_project: list[int], *, method=VoteMethod.single, closed=True,
         published=True):
    """A vote (closed an hour ago unless `closed=False`) with one project per count; each ballot
    chooses one project, so the ballots are the sum of the counts."""
    projects = [(f"Prosjekt {i + 1}", 100_000 * (i + 1)) for i in range(len(votes_per_project))]
    item = create_vote(municipality, method=method, projects=projects, published=published,
                       budget=10_000_000, opens_at=hours(-48),
                       closes_at=hours(-1) if closed else hours(24))
    for project, count in zip(item.projects, votes_per_project):
        for _ in range(count):
            ballot = Ballot(vote_id=item.id, municipality_id=municipality.id, user_id=None)
            ballot.choices.append(BallotChoice(project_id=project.id))
            db.session.add(ballot)
    db.session.commit()
    return item


def survey(municipality, choices: list[int], *, closed=True, public_results=True, extra=0):
    """A `build_survey` survey whose single-choice question got `choices[i]` answers for option i
    (one response each), plus `extra` responses that skipped it; free texts in every response."""
    item = build_survey(municipality, public_results=public_results, required=False,
                        closes_at=utcnow() - timedelta(days=1) if closed else "future",
                        opens_at=utcnow() - timedelta(days=10))
    single, short = item.questions[0], item.questions[4]
    picks = [option for option, n in zip(single.options, choices) for _ in range(n)]
    for option in picks + [None] * extra:
        response = SurveyResponse(survey_id=item.id, municipality_id=municipality.id,
                                  form_nonce=uuid.uuid4().hex, submitted_at=utcnow(),
                                  user_id=None)
        db.session.add(response)
        db.session.flush()
        if option is not None:
            db.session.add(SurveyAnswer(response_id=response.id, question_id=single.id,
                                        option_id=option.id))
        db.session.add(SurveyTextAnswer(response_id=response.id, question_id=short.id,
                                        municipality_id=municipality.id, body=SECRET_TEXT,
                                        moderation_state=ModerationState.published))
    db.session.commit()
    return item
