"""Many ballots and ballot changes at once on PostgreSQL end with exact totals.

Run with TEST_DATABASE_URL=postgresql+psycopg://… (CI does); skipped on SQLite, which
serialises every write and cannot show a race.
"""
from __future__ import annotations

import os
import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from app.core.extensions import db as _db
from app.votes.models import Ballot, BallotChoice
from app.votes.results import tally_vote
from app.votes.services import cast_ballot, withdraw_ballot
from tests.conftest import require

pytestmark = pytest.mark.postgres

VOTERS = 60
WORKERS = 12


@pytest.fixture(autouse=True)
def _postgres_only():
    require(os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
            "set TEST_DATABASE_URL to a PostgreSQL database to run the concurrency test")


def _run_all(app, jobs):
    """Run (user_id, choices or None) jobs in parallel threads, each with its own session;
    None withdraws. A barrier lets each batch start together so the requests really race."""
    barrier = threading.Barrier(WORKERS)
    from app.accounts.models import User
    from app.votes.models import Vote

    def run(job):
        vote_id, user_id, choices = job
        try:
            barrier.wait(timeout=5)
        except threading.BrokenBarrierError:
            pass
        with app.test_request_context("/"):
            user = _db.session.get(User, user_id)
            vote = _db.session.get(Vote, vote_id)
            try:
                if choices is None:
                    withdraw_ballot(vote, user)
                else:
                    cast_ballot(vote, user, choices)
                _db.session.commit()
            finally:
                _db.session.remove()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(run, jobs))  # re-raises any error of a thread


def test_concurrent_ballots_and_changes_end_with_exact_totals(app, db, make_municipality,
                                                              make_user, make_vote):
    rng = random.Random(20261127)
    town = make_municipality("Samtidig")
    vote = make_vote(town, method="approval", max_choices=3, projects=[
        (f"Prosjekt {n}", 100_000 * n) for n in range(1, 8)])
    project_ids = [p.id for p in vote.projects]
    users = [make_user(f"samtidig{n}@example.no").id for n in range(VOTERS)]

    def pick():
        return rng.sample(project_ids, rng.randint(1, 3))

    # 1. Every voter sends the same first ballot three times at once: one ballot each.
    first = {user: pick() for user in users}
    jobs = [(vote.id, user, first[user]) for user in users for _ in range(3)]
    rng.shuffle(jobs)
    _run_all(app, jobs)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Ballot.id))) == VOTERS

    # 2. Every voter changes the ballot twice at once, to two different choices: the ballot
    #    ends as one of them, never a mix of both.
    pairs = {user: (pick(), pick()) for user in users}
    jobs = [(vote.id, user, choice) for user in users for choice in pairs[user]]
    rng.shuffle(jobs)
    _run_all(app, jobs)
    db.session.expire_all()
    for ballot in db.session.scalars(select(Ballot).where(Ballot.vote_id == vote.id)):
        chosen = sorted(c.project_id for c in ballot.choices)
        assert chosen in (sorted(pairs[ballot.user_id][0]), sorted(pairs[ballot.user_id][1])), \
            f"ballot of user {ballot.user_id} is a mix: {chosen}"

    # 3. Final changes and some withdrawals, all at once: the totals are exactly these.
    final = {user: (None if n % 7 == 0 else pick()) for n, user in enumerate(users)}
    jobs = [(vote.id, user, choice) for user, choice in final.items()]
    rng.shuffle(jobs)
    _run_all(app, jobs)
    db.session.expire_all()

    expected = Counter(pid for choice in final.values() if choice for pid in choice)
    results = tally_vote(vote)
    assert results.ballots == sum(1 for choice in final.values() if choice)
    assert {row.project.id: row.votes for row in results.rows} == \
        {pid: expected.get(pid, 0) for pid in project_ids}
    duplicates = db.session.execute(
        select(Ballot.user_id, func.count()).group_by(Ballot.vote_id, Ballot.user_id)
        .having(func.count() > 1)).all()
    assert duplicates == []
    orphans = db.session.scalar(select(func.count()).select_from(BallotChoice).where(
        BallotChoice.ballot_id.not_in(select(Ballot.id))))
    assert orphans == 0


SERVER_VOTERS = 24


def test_many_voters_through_a_real_server_keep_one_ballot_each_and_exact_totals(
        app, db, make_municipality, make_user, make_vote, many_log_ins):
    """Many sessions against a real (threaded) server: each voter casts, changes and withdraws,
    several windows at once; then each sends a last ballot or withdrawal. No request gets a 5xx,
    every voter has at most one ballot, and the count is exactly the last requests'."""
    from tests.conftest import PASSWORD
    from tests.votes.live import Visitor, serving

    rng = random.Random(20261130)
    town = make_municipality("Tjener")
    vote = make_vote(town, method="approval", max_choices=3, projects=[
        (f"Prosjekt {n}", 100_000 * n) for n in range(1, 7)])
    project_ids = [p.id for p in vote.projects]
    emails = [make_user(f"tjener{n}@example.no").email for n in range(SERVER_VOTERS)]
    base = f"/{town.slug}/avstemninger/{vote.id}"
    statuses = Counter()

    def pick():
        return rng.sample(project_ids, rng.randint(1, 3))

    def send(job):
        visitor, data = job
        path = f"{base}/trekk" if data is None else f"{base}/stemme"
        payload = {"csrf_token": visitor.token, **({} if data is None else
                                                   {"step": "confirm", "project": data})}
        status = visitor.post(path, payload)[0]
        statuses[status] += 1
        return status

    with serving(app) as url:
        visitors = []
        for email in emails:
            visitor = Visitor(url)
            visitor.log_in(email, PASSWORD)
            visitor.token = visitor.csrf(base)
            visitors.append(visitor)
        # 1. Every voter: two ballots, a change and a withdrawal, sent at once from four windows.
        jobs = [(v, choice) for v in visitors for choice in (pick(), pick(), None, pick())]
        rng.shuffle(jobs)
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            list(pool.map(send, jobs))
        # 2. Every voter's last word, all voters at once: a ballot, or (every fifth) a withdrawal.
        final = {n: (None if n % 5 == 0 else pick()) for n in range(SERVER_VOTERS)}
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            list(pool.map(send, [(visitors[n], choice) for n, choice in final.items()]))

    assert not [s for s in statuses if s >= 500], f"server errors: {statuses}"
    db.session.expire_all()
    duplicates = db.session.execute(
        select(Ballot.user_id, func.count()).where(Ballot.vote_id == vote.id)
        .group_by(Ballot.user_id).having(func.count() > 1)).all()
    assert duplicates == []
    expected = Counter(pid for choice in final.values() if choice for pid in choice)
    results = tally_vote(vote)
    assert results.ballots == sum(1 for choice in final.values() if choice)
    assert {row.project.id: row.votes for row in results.rows} == \
        {pid: expected.get(pid, 0) for pid in project_ids}
    orphans = db.session.scalar(select(func.count()).select_from(BallotChoice).where(
        BallotChoice.ballot_id.not_in(select(Ballot.id))))
    assert orphans == 0
