"""Contributions at chosen moments, straight in the database (the services stamp "now"; the
figures tests need rows across months, themes and channels), and the Oslo clock helpers."""
from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

from app.accounts.models import Role
from app.accounts.services import create_user
from app.consultations.models import ConsultationAnswer
from app.core import clock
from app.core.clock import OSLO
from app.core.extensions import db
from app.ideas.models import Idea, IdeaComment, IdeaSupport
from app.moderation.models import ModerationState
from app.surveys.models import SurveyResponse
from app.votes.models import Ballot
from tests.consultations.factories import make_consultation
from tests.surveys.factories import build_survey
from tests.votes.factories import create_vote

_n = itertools.count(1)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def oslo(*args) -> datetime:
    """An Oslo wall-clock time, as UTC."""
    return datetime(*args, tzinfo=OSLO).astimezone(timezone.utc)


def freeze(moment: datetime) -> datetime:
    clock.frozen_now = moment.astimezone(timezone.utc)
    return clock.frozen_now


def _add(row):
    db.session.add(row)
    db.session.commit()
    return row


def idea(municipality, author, at, theme="mobilitet", title=None, body=None,
         state=ModerationState.published):
    n = next(_n)
    text = body or f"Beskrivelse av idé {n}"
    return _add(Idea(municipality_id=municipality.id, author_id=author.id if author else None,
                     title=title or f"Idé {n}", body=text, body_html=f"<p>{text}</p>",
                     theme=theme, moderation_state=state, created_at=at, support_count=0,
                     comment_count=0))


def comment(on_idea, author, at, body=None):
    return _add(IdeaComment(municipality_id=on_idea.municipality_id, idea_id=on_idea.id,
                            author_id=author.id, body=body or "Kommentar",
                            body_html=f"<p>{body or 'Kommentar'}</p>",
                            moderation_state=ModerationState.published, created_at=at))


def support(on_idea, user, at):
    return _add(IdeaSupport(idea_id=on_idea.id, user_id=user.id, created_at=at))


def consultation(municipality, theme=None):
    return make_consultation(municipality, theme=theme)


def answer(on_consultation, author, at, withdrawn=False):
    return _add(ConsultationAnswer(
        consultation_id=on_consultation.id, municipality_id=on_consultation.municipality_id,
        author_id=author.id, author_name=author.display_name, text="Svar",
        moderation_state=ModerationState.published, public_notice_accepted=True, created_at=at,
        withdrawn_at=at if withdrawn else None))


def survey(municipality, theme=None):
    made = build_survey(municipality)
    made.theme = theme
    db.session.commit()
    return made


def response(on_survey, user, at, channel="page"):
    return _add(SurveyResponse(municipality_id=on_survey.municipality_id, survey_id=on_survey.id,
                               user_id=user.id if user else None, form_nonce=f"n{next(_n)}",
                               channel=channel, submitted_at=at))


def vote(municipality, theme=None):
    made = create_vote(municipality)
    made.theme = theme
    db.session.commit()
    return made


def ballot(on_vote, user, at):
    return _add(Ballot(municipality_id=on_vote.municipality_id, vote_id=on_vote.id,
                       user_id=user.id, created_at=at, updated_at=at))


def reporter(municipality):
    """A resident of the municipality whose reports count (an account two days old)."""
    user = create_user(f"melder{next(_n)}@example.no", "Korrekt-hest-batteri-9", "Melder",
                       municipality=municipality, role=Role.resident)
    user.created_at = clock.utcnow() - timedelta(days=2)
    db.session.commit()
    return user
