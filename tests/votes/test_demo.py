"""Demo votes: an open participatory budget in Asker, a closed vote with results in Bergen."""
from __future__ import annotations

from sqlalchemy import func, select

from app.votes.demo import load_demo_votes
from app.votes.models import Ballot, Vote, VoteMethod, VotePhase
from app.votes.permissions import results_visible
from app.votes.results import tally_vote


def test_demo_votes_are_created_once(app, db, client, make_municipality):
    asker = make_municipality("Asker")
    bergen = make_municipality("Bergen")
    with app.test_request_context("/"):
        load_demo_votes(echo=lambda *_: None)
        db.session.commit()
        load_demo_votes(echo=lambda *_: None)
        db.session.commit()
    votes = {vote.municipality_id: vote for vote in db.session.scalars(select(Vote))}
    assert len(votes) == 2

    budget = votes[asker.id]
    assert budget.method is VoteMethod.budget and budget.phase is VotePhase.open
    assert 6 <= len(budget.projects) <= 8
    with app.test_request_context("/"):
        assert tally_vote(budget).ballots >= 5

    closed = votes[bergen.id]
    assert closed.phase is VotePhase.closed and results_visible(closed)
    html = client.get(f"/bergen/avstemninger/{closed.id}/resultater?lang=en").get_data(as_text=True)
    assert "ballots were cast" in html and "Sensorer for flomvarsling" in html
    assert client.get(f"/asker/avstemninger/{budget.id}?lang=en").status_code == 200
    assert db.session.scalar(select(func.count(Ballot.id))) == 22
