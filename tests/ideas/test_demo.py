"""The demo data: ideas in several states in Asker and Voss, some waiting in Voss' queue."""
from sqlalchemy import func, select

from app.demo import load_demo_data
from app.ideas.models import Idea, IdeaStatus
from app.moderation.services import count_waiting
from app.municipalities.models import Municipality


def test_demo_ideas_are_idempotent_and_varied(db):
    load_demo_data(echo=lambda text: None)
    db.session.commit()
    load_demo_data(echo=lambda text: None)
    db.session.commit()
    slugs = dict(db.session.execute(select(Municipality.slug, Municipality.id)
                                    .where(Municipality.slug.in_(["asker", "voss"]))).all())
    counts = dict(db.session.execute(select(Idea.municipality_id, func.count(Idea.id))
                                     .group_by(Idea.municipality_id)).all())
    assert counts[slugs["asker"]] == 5 and counts[slugs["voss"]] == 4
    statuses = {idea.status for idea in db.session.scalars(select(Idea))}
    assert {IdeaStatus.pending, IdeaStatus.published, IdeaStatus.accepted, IdeaStatus.implemented,
            IdeaStatus.not_pursued, IdeaStatus.rejected, IdeaStatus.hidden} <= statuses
    assert count_waiting(db.session.get(Municipality, slugs["voss"]), "idea") == 2
