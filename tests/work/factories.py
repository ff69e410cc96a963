"""A municipality with work waiting for its staff: pending and reported items, consultations
closing soon and waiting for a conclusion, a running vote and survey, unanswered ideas."""
from __future__ import annotations

from datetime import timedelta

from app.accounts.models import Membership, Role
from app.core.clock import utcnow
from app.core.extensions import db
from app.ideas.models import IdeaStatus
from app.moderation.models import ModerationState
from tests.consultations.factories import make_consultation
from tests.figures import factories as f


def add_role(user, municipality, role: Role):
    """Give `user` a role in one more municipality; committed."""
    db.session.add(Membership(user_id=user.id, municipality_id=municipality.id, role=role))
    db.session.commit()
    db.session.refresh(user)
    return user


def fill(municipality, resident, n: int = 1) -> dict:
    """`n` of everything staff are shown; returns the objects the tests look for."""
    now = utcnow()
    made = {"pending": [], "unanswered": [], "closing": [], "to_conclude": [], "votes": [],
            "surveys": []}
    for i in range(n):
        made["pending"].append(f.idea(municipality, resident, now - timedelta(days=3 + i),
                                      title=f"Ventende idé {i}", state=ModerationState.pending))
        idea = f.idea(municipality, resident, now - timedelta(days=10 + i),
                      title=f"Ubesvart idé {i}")
        made["unanswered"].append(idea)
        answered = f.idea(municipality, resident, now - timedelta(days=5), title=f"Besvart idé {i}")
        answered.answer_status = IdeaStatus.accepted
        closing = make_consultation(municipality, title_nb=f"Høring som lukkes {i}",
                                    closes=now + timedelta(days=3 + i))
        f.answer(closing, resident, now - timedelta(hours=5))
        waiting = f.answer(closing, resident, now - timedelta(hours=4))
        waiting.moderation_state = ModerationState.pending
        made["closing"].append(closing)
        made["to_conclude"].append(make_consultation(
            municipality, title_nb=f"Lukket høring {i}", opens=now - timedelta(days=40),
            closes=now - timedelta(days=2 + i)))
        make_consultation(municipality, title_nb=f"Fjern høring {i}",
                          closes=now + timedelta(days=60))
        vote = f.vote(municipality)
        f.ballot(vote, resident, now - timedelta(hours=1))
        made["votes"].append(vote)
        survey = f.survey(municipality)
        f.response(survey, None, now - timedelta(hours=2))
        f.response(survey, None, now - timedelta(hours=1))
        made["surveys"].append(survey)
    db.session.commit()
    return made
