"""One voter, many windows: ballots cast and withdrawn at the same moment in ONE session, sent to a
real server, all get an answer (never a 5xx) and leave one ballot or none, never a mix.

Runs on SQLite and on PostgreSQL (TEST_DATABASE_URL). Before the fix, SQLite answered about a third
of such a burst with 500 (StaleDataError: the ballot changed between reading and writing it).
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from app.votes.models import Ballot, BallotChoice
from tests.conftest import PASSWORD
from tests.votes.live import Visitor, serving

BURST = 20
ROUNDS = 3


def _burst(visitor: Visitor, path: str, jobs: list) -> list[int]:
    """Send every job at once (a barrier releases them together); the status codes."""
    barrier = threading.Barrier(len(jobs))

    def send(job):
        url, data = job
        try:
            barrier.wait(timeout=10)
        except threading.BrokenBarrierError:
            pass
        return visitor.post(url, data)[0]

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(send, jobs))


def test_a_burst_of_casts_and_withdrawals_in_one_session_is_answered_and_stays_right(
        app, db, make_municipality, make_user, make_vote):
    town = make_municipality("Vindu")
    vote = make_vote(town, method="approval", max_choices=2, projects=[
        ("Benker", 100_000), ("Lys", 200_000), ("Trær", 300_000), ("Sti", 400_000)])
    ids = [project.id for project in vote.projects]
    choices = [[ids[0]], [ids[1], ids[2]], [ids[3]], [ids[0], ids[3]]]
    voter = make_user("vindu@example.no")
    base = f"/{town.slug}/avstemninger/{vote.id}"

    with serving(app) as url:
        visitor = Visitor(url)
        visitor.log_in(voter.email, PASSWORD)
        token = visitor.csrf(base)
        statuses = []
        for round_ in range(ROUNDS):
            jobs = []
            for n in range(BURST):
                if n % 3 == 2:
                    jobs.append((f"{base}/trekk", {"csrf_token": token}))
                else:
                    jobs.append((f"{base}/stemme", {"csrf_token": token, "step": "confirm",
                                                    "project": choices[(n + round_) % 4]}))
            statuses += _burst(visitor, base, jobs)
            assert visitor.get(base)[0] == 200

    assert not [s for s in statuses if s >= 500], f"server errors: {sorted(statuses)}"
    assert set(statuses) <= {302, 409}, sorted(statuses)
    db.session.expire_all()
    ballots = db.session.scalars(select(Ballot).where(Ballot.vote_id == vote.id)).all()
    assert len(ballots) <= 1
    for ballot in ballots:
        assert sorted(c.project_id for c in ballot.choices) in [sorted(c) for c in choices]
    orphans = db.session.scalar(select(func.count()).select_from(BallotChoice).where(
        BallotChoice.ballot_id.not_in(select(Ballot.id))))
    assert orphans == 0
