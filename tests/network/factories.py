"""Content across the network for the theme, goal and front pages: items in every state, about
a theme ("mobilitet") and a goal (11), with answers, ballots and responses."""
from __future__ import annotations

from dataclasses import dataclass, field

from app.core.clock import utcnow
from app.core.extensions import db
from app.ideas.models import IdeaStatus
from app.moderation.models import ModerationState
from app.surveys.models import SurveyResponse
from app.votes.models import Ballot
from tests.consultations.factories import consultation_in_phase, make_answer
from tests.experiences.factories import finished_item, make_experience
from tests.ideas.factories import create_idea
from tests.surveys.factories import survey_in_state
from tests.votes.factories import create_vote


@dataclass
class Content:
    """What `fill` made in one municipality, by what residents may see."""

    public_titles: list[str] = field(default_factory=list)
    hidden_titles: list[str] = field(default_factory=list)
    experiences: list = field(default_factory=list)


def _about(item, theme="mobilitet", sdgs=(11,)):
    item.theme = theme
    item.sdgs = list(sdgs)
    return item


def fill(municipality, author, tag: str, *, answers: int = 1) -> Content:
    """In `municipality`: about mobility and goal 11, an open consultation, vote and survey; a
    concluded consultation with `answers` approved answers, a closed vote with a ballot, a
    closed survey with a response, an accepted idea and a published experience; and what
    nobody may see: a draft consultation, an unpublished vote, a draft survey, a hidden idea,
    an unpublished experience. Titles end with `tag`."""
    content = Content()
    public = [
        _about(consultation_in_phase(municipality, "open", title_nb=f"Åpen høring {tag}")),
        _about(create_vote(municipality, title=f"Åpen avstemning {tag}")),
        _about(survey_in_state(municipality, "open", title=f"Åpen undersøkelse {tag}")),
    ]
    done_consultation = finished_item(municipality, "consultation", title=f"Avsluttet høring {tag}")
    for _ in range(answers):
        make_answer(done_consultation, author)
    done_vote = finished_item(municipality, "vote", title=f"Lukket avstemning {tag}")
    db.session.add(Ballot(vote_id=done_vote.id, user_id=author.id,
                          municipality_id=municipality.id))
    done_survey = finished_item(municipality, "survey", title=f"Lukket undersøkelse {tag}")
    db.session.add(SurveyResponse(survey_id=done_survey.id, municipality_id=municipality.id,
                                  form_nonce=f"n-{tag}-{done_survey.id}", submitted_at=utcnow()))
    idea = create_idea(municipality, author, title=f"Besvart idé {tag}", sdgs=[11],
                       state=ModerationState.published)
    idea.answer_status = IdeaStatus.accepted
    content.public_titles = [*(item.title_nb if hasattr(item, "title_nb") else item.title
                               for item in public),
                             done_consultation.title_nb, done_vote.title, done_survey.title_nb,
                             idea.title]
    content.experiences.append(make_experience(
        municipality, done_consultation, title_nb=f"Erfaring {tag}"))
    hidden = [
        _about(consultation_in_phase(municipality, "draft", title_nb=f"Utkast høring {tag}")),
        _about(create_vote(municipality, title=f"Upublisert avstemning {tag}", published=False)),
        _about(survey_in_state(municipality, "draft", title=f"Utkast undersøkelse {tag}")),
    ]
    hidden_idea = create_idea(municipality, author, title=f"Skjult idé {tag}", sdgs=[11],
                              state=ModerationState.hidden)
    draft = make_experience(municipality, done_vote, "vote", published=False,
                            title_nb=f"Upublisert erfaring {tag}")
    content.hidden_titles = [hidden[0].title_nb, hidden[1].title, hidden[2].title_nb,
                             hidden_idea.title, draft.title_nb]
    db.session.commit()
    return content
