from __future__ import annotations

from datetime import datetime, timedelta, timezone

from app.core.extensions import db
from app.votes.models import Project, Vote, VoteMethod
from tests.tenant_objects import tenant_object


@tenant_object(
    "tenant.votes.detail", "tenant.votes.ballot", "tenant.votes.withdraw", "tenant.votes.results",
    "tenant.votes.results_json", "tenant.votes.results_csv", "tenant.votes.admin_vote",
    "tenant.votes.admin_publish", "tenant.votes.admin_unpublish", "tenant.votes.admin_delete",
    "tenant.votes.admin_add_project", "tenant.votes.admin_project",
    "tenant.votes.admin_delete_project", "tenant.votes.admin_remove_image",
    "tenant.votes.admin_machine_draft", "tenant.votes.admin_review_draft",
)
def closed_vote(municipality, owner):
    """A published participatory budget that has closed, so every page of it exists."""
    now = datetime.now(timezone.utc)
    vote = Vote(municipality_id=municipality.id, title="Innbyggerbudsjett", method=VoteMethod.budget,
                budget=1_000_000, opens_at=now - timedelta(days=8), closes_at=now - timedelta(days=1),
                published_at=now - timedelta(days=9), created_by_id=owner.id)
    db.session.add(vote)
    project = Project(vote=vote, municipality_id=municipality.id, title="Sensorer", cost=400_000)
    db.session.add(Project(vote=vote, municipality_id=municipality.id, title="Lys", cost=500_000))
    db.session.add(project)
    db.session.commit()
    return {"vote_id": vote.id, "project_id": project.id}
