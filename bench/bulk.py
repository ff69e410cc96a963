"""Seed the network at scale on top of the demo data: ideas, goals, supports and comments across
the demo municipalities, with a progress bar; COPY on PostgreSQL, bulk INSERTs elsewhere.

    seed_network(100_000)   # 100,000 ideas, about 1,000,000 supports and 100,000 comments
"""
from __future__ import annotations

import random
import sys
import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, insert, literal_column, select, text, update

from app.accounts.models import User
from app.core.extensions import db
from app.core.vocabulary import THEMES
from app.ideas import markup, stemmer
from app.ideas.models import Idea, IdeaComment, IdeaSdg, IdeaSupport
from app.municipalities.models import Municipality

WORDS = ("sykkelvei buss lekeplass benk lys park skole bibliotek data sensor parkering ladestasjon "
         "fortau gatelys torg brygge badeplass turvei snørydding kollektivtrafikk innbyggere "
         "kommunen trygg bedre flere ny nye ved langs mellom sentrum barn unge eldre").split()
#: share of the ideas per demo municipality (Bergen is the big one)
SHARES = {"bergen": 0.55, "asker": 0.25, "voss": 0.12, "kautokeino": 0.08}
#: means of the exponential draws, rounded down: about 10 supports and 1 comment an idea
SUPPORTS_MEAN, COMMENTS_MEAN = 10.5, 1.5


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, label: str, total: int):
        self.label, self.total, self.done, self.started = label, max(total, 1), 0, time.monotonic()

    def add(self, n: int) -> None:
        self.done += n
        share = self.done / self.total
        bar = "#" * int(share * 30)
        sys.stderr.write(f"\r  {self.label:10} [{bar:30}] {share:6.1%} {self.done:>10,} "
                         f"{time.monotonic() - self.started:5.0f} s")
        if self.done >= self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


class _Writer:
    """Rows into one table: COPY on PostgreSQL, executemany INSERTs elsewhere."""

    def __init__(self, model, columns: list[str]):
        self.model, self.columns = model, columns
        self.postgres = db.engine.dialect.name == "postgresql"

    def write(self, rows: list[tuple]) -> None:
        if not rows:
            return
        if not self.postgres:
            db.session.execute(insert(self.model), [dict(zip(self.columns, r)) for r in rows])
            return
        raw = db.session.connection().connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(
                f"COPY {self.model.__tablename__} ({', '.join(self.columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _users(count: int) -> list[int]:
    existing = db.session.scalar(select(func.count(User.id)).where(User.email.like("bench%")))
    if existing < count:
        now = datetime.now(timezone.utc)
        password = "scrypt:bench-accounts-cannot-log-in"
        _Writer(User, ["email", "display_name", "password_hash", "email_verified_at",
                       "is_network_admin", "active", "created_at"]).write(
            [(f"bench{n}@example.no", f"Innbygger {n}", password, now, False, True, now)
             for n in range(existing, count)])
    return list(db.session.scalars(select(User.id).where(User.email.like("bench%"))))


def seed_network(ideas: int, *, seed_value: int = 1, batch: int = 5000) -> None:
    """Add `ideas` published ideas (with goals, about ten supports and one comment each) to
    the demo municipalities. Run after `load_demo_data`."""
    rng = random.Random(seed_value)
    postgres = db.engine.dialect.name == "postgresql"
    towns = {m.slug: m.id for m in db.session.scalars(
        select(Municipality).where(Municipality.slug.in_(SHARES)))}
    slugs, weights = list(SHARES), list(SHARES.values())
    user_ids = _users(5000)
    first_id = (db.session.scalar(select(func.max(Idea.id))) or 0) + 1
    now = datetime.now(timezone.utc)
    themes = list(THEMES)
    idea_columns = ["id", "municipality_id", "author_id", "title", "body", "body_html", "theme",
                    "answer_status", "moderation_state", "hidden_by_reports", "created_at",
                    "updated_at", "support_count", "comment_count", "written_form"]
    if not postgres:
        idea_columns.append("search_document")
    ideas_out = _Writer(Idea, idea_columns)
    goals_out = _Writer(IdeaSdg, ["idea_id", "goal"])
    supports_out = _Writer(IdeaSupport, ["idea_id", "user_id", "created_at"])
    comments_out = _Writer(IdeaComment, ["municipality_id", "idea_id", "author_id", "body",
                                         "body_html", "created_at", "moderation_state",
                                         "hidden_by_reports", "written_form"])
    bar = Progress("ideas", ideas)
    for start in range(0, ideas, batch):
        rows, goals, supports, comments = [], [], [], []
        for n in range(start, min(start + batch, ideas)):
            idea_id = first_id + n
            town = towns[rng.choices(slugs, weights)[0]]
            title = f"Idé {n}: " + _text(rng, 5)[:100]
            body = _text(rng, 40)
            created = now - timedelta(minutes=n * 3, seconds=rng.randint(0, 59))
            support_users = rng.sample(user_ids, min(len(user_ids), int(rng.expovariate(
                1 / SUPPORTS_MEAN))))
            comment_count = int(rng.expovariate(1 / COMMENTS_MEAN))
            row = [idea_id, town, rng.choice(user_ids), title, body, markup.render(body),
                   rng.choice(themes), "published", "published", False, created, created,
                   len(support_users), comment_count, "nb"]
            if not postgres:
                row.append(stemmer.document(title, body))
            rows.append(tuple(row))
            goals += [(idea_id, g) for g in rng.sample(range(1, 18), rng.randint(0, 3))]
            supports += [(idea_id, u, created) for u in support_users]
            for _ in range(comment_count):
                said = _text(rng, 15)
                comments.append((town, idea_id, rng.choice(user_ids), said, markup.render(said),
                                 created + timedelta(hours=1), "published", False, "nb"))
        ideas_out.write(rows)
        goals_out.write(goals)
        supports_out.write(supports)
        comments_out.write(comments)
        db.session.commit()
        bar.add(len(rows))
    _finish(postgres)


def _finish(postgres: bool) -> None:
    """Search documents, sequences and planner statistics after the bulk load."""
    if postgres:
        started = time.monotonic()
        db.session.execute(update(Idea).where(Idea.search_document.is_(None)).values(
            search_document=func.to_tsvector(literal_column("'norwegian'::regconfig"),
                                             Idea.title + " " + Idea.body))
            .execution_options(synchronize_session=False))
        for table in ("ideas", "idea_supports", "idea_comments", "users"):
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                    f"(SELECT max(id) FROM {table}))"))
        db.session.commit()
        print(f"  search documents and sequences in {time.monotonic() - started:.0f} s",
              file=sys.stderr)
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    db.session.commit()
