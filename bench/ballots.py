"""Ballot load run: many voters log in and cast, then change, a ballot at once, against gunicorn.

    .venv/bin/python bench/ballots.py --database-url postgresql+psycopg://postgres@127.0.0.1:25432/bench
    .venv/bin/python bench/ballots.py --voters 1000 --clients 100 --time-limit 600

The database named by --database-url is emptied first. It seeds a municipality, an open approval
vote (up to 3 of 6 projects) and one account per voter; serves the app with gunicorn on
127.0.0.1 (sync workers); then every voter, from a bounded pool of client threads, logs in, opens
the vote, casts a ballot and changes it once. Afterwards it compares the database with what each
voter last sent and prints: ballots lost or wrong, duplicated ballots, 5xx answers (each must be
0), and the p50 / p99 / max of a ballot POST. Exits non-zero when any of the three is not 0.
"""
from __future__ import annotations

import argparse
import os
import random
import secrets
import signal
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, wait
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import free_port, start_gunicorn  # noqa: E402
from tests.votes.live import Visitor  # noqa: E402  (the tests' cookie-keeping HTTP client)

PASSWORD = "Bench-passord-2026"
SLUG = "stemmeby"


def seed(env: dict, voters: int) -> tuple[int, list[int], list[str]]:
    """An empty database with the vote and `voters` accounts; (vote id, project ids, e-mails)."""
    os.environ.update(env)
    from sqlalchemy import insert, select
    from werkzeug.security import generate_password_hash

    from app import create_app
    from app.accounts.models import User
    from app.core.extensions import db
    from app.municipalities.models import ModerationMode, Municipality
    from app.votes.models import Eligibility, Project, Vote, VoteMethod

    app = create_app()
    with app.app_context():
        db.drop_all()
        db.create_all()
        now = datetime.now(timezone.utc)
        town = Municipality(number="9998", official_name="Stemmeby", name="Stemmeby", slug=SLUG,
                            county="Vestland", moderation_mode=ModerationMode.post)
        db.session.add(town)
        db.session.flush()
        vote = Vote(municipality_id=town.id, title="Lastprøve", method=VoteMethod.approval,
                    max_choices=3, eligibility=Eligibility.account, opens_at=now - timedelta(hours=1),
                    closes_at=now + timedelta(days=1), published_at=now - timedelta(hours=2))
        db.session.add(vote)
        for n in range(1, 7):
            db.session.add(Project(vote=vote, municipality_id=town.id, title=f"Prosjekt {n}",
                                   cost=100_000 * n, position=n))
        password = generate_password_hash(PASSWORD)
        emails = [f"velger{n}@example.no" for n in range(voters)]
        db.session.execute(insert(User), [
            {"email": email, "display_name": f"Velger {n}", "password_hash": password,
             "email_verified_at": now, "is_network_admin": False, "active": True}
            for n, email in enumerate(emails)])
        db.session.commit()
        result = vote.id, [p.id for p in vote.projects], emails
        db.session.remove()
        db.engine.dispose()
    return result


def check(vote_id: int, last: dict[str, list[int]]) -> dict:
    """Compare the ballots in the database with each voter's last ballot."""
    from sqlalchemy import func, select

    from app import create_app
    from app.accounts.models import User
    from app.core.extensions import db
    from app.votes.models import Ballot, BallotChoice

    app = create_app()
    with app.app_context():
        rows = db.session.execute(
            select(User.email, Ballot.id, BallotChoice.project_id)
            .join(Ballot, Ballot.user_id == User.id).join(BallotChoice)
            .where(Ballot.vote_id == vote_id)).all()
        stored: dict[str, set[int]] = {}
        for email, _ballot, project in rows:
            stored.setdefault(email, set()).add(project)
        duplicates = db.session.scalar(select(func.count()).select_from(
            select(Ballot.user_id).where(Ballot.vote_id == vote_id).group_by(Ballot.user_id)
            .having(func.count() > 1).subquery()))
        ballots = db.session.scalar(select(func.count(Ballot.id)).where(Ballot.vote_id == vote_id))
        db.session.remove()
        db.engine.dispose()
    lost = sum(1 for email, choice in last.items() if stored.get(email) != set(choice))
    return {"ballots": ballots, "lost_or_wrong": lost, "duplicates": duplicates}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database to empty")
    parser.add_argument("--voters", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=100, help="client threads at once")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--time-limit", type=int, default=600, help="seconds for the whole run")
    args = parser.parse_args()
    env = {"TINGET_ENV": "production", "SECRET_KEY": secrets.token_hex(16),
           "DATABASE_URL": args.database_url, "BENCH_TOKEN": secrets.token_hex(8),
           "UPLOAD_FOLDER": str(ROOT / "instance" / "bench-uploads"),
           "LOGIN_RATE_LIMIT": "1000000 per minute", "SESSION_COOKIE_SECURE": "0"}
    vote_id, project_ids, emails = seed(env, args.voters)
    print(f"Seeded {args.voters:,} voters", flush=True)
    port = free_port()
    server = start_gunicorn(env, port, args.workers)
    base, path = f"http://127.0.0.1:{port}", f"/{SLUG}/avstemninger/{vote_id}"
    rng = random.Random(1)
    plans = {email: (rng.sample(project_ids, rng.randint(1, 3)),
                     rng.sample(project_ids, rng.randint(1, 3))) for email in emails}
    last: dict[str, list[int]] = {}
    latencies: list[float] = []
    statuses: Counter = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + args.time_limit

    def voter(email: str) -> None:
        if time.monotonic() > deadline:
            return
        visitor = Visitor(base, timeout=120)
        visitor.log_in(email, PASSWORD)
        token = visitor.csrf(path)
        for choice in plans[email]:
            started = time.monotonic()
            status = visitor.post(f"{path}/stemme", {"csrf_token": token, "step": "confirm",
                                                     "project": choice})[0]
            with lock:
                latencies.append((time.monotonic() - started) * 1000)
                statuses[status] += 1
                if status == 302:
                    last[email] = choice

    started = time.monotonic()
    try:
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            futures = [pool.submit(voter, email) for email in emails]
            wait(futures, timeout=args.time_limit + 60)
            errors = [f.exception() for f in futures if f.done() and f.exception()]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    elapsed = time.monotonic() - started
    result = check(vote_id, last)
    not_run = sum(1 for email in emails if email not in last)
    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    print(f"\n{args.voters:,} voters, {args.clients} client threads, gunicorn {args.workers} sync "
          f"workers, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(f"run: {elapsed:.0f} s; ballot POSTs: {len(latencies):,} ({dict(statuses)}); "
          f"voters without a ballot (not run, or every POST refused): {not_run}; "
          f"client errors: {len(errors)}{' – ' + repr(errors[0]) if errors else ''}")
    print(f"ballots stored: {result['ballots']:,}; lost or wrong: {result['lost_or_wrong']}; "
          f"duplicated: {result['duplicates']}; 5xx: {server_errors}")
    print(f"ballot POST ms: p50 {percentile(latencies, 0.5):.0f}, p99 "
          f"{percentile(latencies, 0.99):.0f}, max {max(latencies, default=0):.0f}")
    if result["lost_or_wrong"] or result["duplicates"] or server_errors or errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
