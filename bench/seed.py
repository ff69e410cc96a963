"""Seed a benchmark municipality with ideas, goals, supports and comments, fast (bulk inserts)."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, insert, literal_column, select, text, update

from app.accounts.models import User
from app.core.extensions import db
from app.ideas import markup, stemmer
from app.core.vocabulary import THEMES
from app.ideas.models import Idea, IdeaComment, IdeaSdg, IdeaSupport
from app.moderation.models import ModerationState
from app.municipalities.models import ModerationMode, Municipality
from werkzeug.security import generate_password_hash

WORDS = ("sykkelvei buss lekeplass benk lys park skole bibliotek data sensor parkering ladestasjon "
         "fortau gatelys torg brygge badeplass turvei snørydding kollektivtrafikk innbyggere "
         "kommunen trygg bedre flere ny nye ved langs mellom sentrum barn unge eldre").split()
SLUG = "benchby"


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def seed(ideas: int, *, users: int = 2000, seed_value: int = 1, batch: int = 5000) -> int:
    """Create the municipality and `ideas` published ideas; returns the id of a busy idea."""
    rng = random.Random(seed_value)
    postgres = db.engine.dialect.name == "postgresql"
    town = Municipality(number="9999", official_name="Benchby", name="Benchby", slug=SLUG,
                        county="Vestland", moderation_mode=ModerationMode.post)
    db.session.add(town)
    db.session.flush()
    password = generate_password_hash("Bench-passord-2026")
    now = datetime.now(timezone.utc)
    db.session.execute(insert(User), [
        {"email": f"bench{n}@example.no", "display_name": f"Innbygger {n}", "password_hash": password,
         "email_verified_at": now, "is_network_admin": False, "active": True} for n in range(users)])
    user_ids = list(db.session.scalars(select(User.id).order_by(User.id)))
    themes = list(THEMES)
    for start in range(0, ideas, batch):
        rows = []
        for n in range(start, min(start + batch, ideas)):
            title = f"Idé {n}: " + _text(rng, 5)[:100]
            body = _text(rng, 60)
            rows.append({
                "id": n + 1, "municipality_id": town.id, "author_id": rng.choice(user_ids),
                "title": title, "body": body, "body_html": markup.render(body),
                "theme": rng.choice(themes), "answer_status": "published",
                "moderation_state": ModerationState.published, "hidden_by_reports": False,
                "created_at": now - timedelta(minutes=n), "updated_at": now,
                "support_count": 0, "comment_count": 0,
                "search_document": None if postgres else stemmer.document(title, body)})
        db.session.execute(insert(Idea), rows)
        db.session.execute(insert(IdeaSdg), [{"idea_id": r["id"], "goal": g} for r in rows
                                             for g in rng.sample(range(1, 18), rng.randint(0, 3))])
        supports, comments = [], []
        for r in rows:
            for user_id in rng.sample(user_ids, min(len(user_ids), int(rng.expovariate(1 / 5)))):
                supports.append({"idea_id": r["id"], "user_id": user_id, "created_at": now})
            for _ in range(int(rng.expovariate(1 / 2))):
                body = _text(rng, 20)
                comments.append({"municipality_id": town.id, "idea_id": r["id"],
                                 "author_id": rng.choice(user_ids), "body": body,
                                 "body_html": markup.render(body), "created_at": now,
                                 "moderation_state": ModerationState.published,
                                 "hidden_by_reports": False})
        if supports:
            db.session.execute(insert(IdeaSupport), supports)
        if comments:
            db.session.execute(insert(IdeaComment), comments)
        print(f"  seeded {min(start + batch, ideas)} ideas", flush=True)
    busy = rng.randint(1, ideas)
    db.session.execute(insert(IdeaSupport), [{"idea_id": busy, "user_id": u, "created_at": now}
                                             for u in user_ids[:300]
                                             if not db.session.scalar(select(IdeaSupport.id).where(
                                                 IdeaSupport.idea_id == busy, IdeaSupport.user_id == u))])
    _recount(postgres)
    db.session.commit()
    return busy


def _recount(postgres: bool) -> None:
    supports = (select(func.count(IdeaSupport.id)).where(IdeaSupport.idea_id == Idea.id)
                .scalar_subquery())
    comments = (select(func.count(IdeaComment.id)).where(IdeaComment.idea_id == Idea.id)
                .scalar_subquery())
    db.session.execute(update(Idea).values(support_count=supports, comment_count=comments)
                       .execution_options(synchronize_session=False))
    if postgres:
        db.session.execute(update(Idea).values(search_document=func.to_tsvector(
            literal_column("'norwegian'::regconfig"), Idea.title + " " + Idea.body))
            .execution_options(synchronize_session=False))
        db.session.execute(text("SELECT setval(pg_get_serial_sequence('ideas', 'id'), "
                                "(SELECT max(id) FROM ideas))"))
        db.session.execute(text("ANALYZE"))
