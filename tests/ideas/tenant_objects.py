from __future__ import annotations

from app.core.extensions import db
from app.ideas.models import MunicipalTheme
from app.moderation.models import ModerationState
from tests.ideas.factories import create_comment, create_idea
from tests.tenant_objects import tenant_object


@tenant_object("tenant.ideas.detail", "tenant.ideas.support", "tenant.ideas.comment",
               "tenant.ideas.answer")
def published_idea(municipality, owner):
    idea = create_idea(municipality, owner, state=ModerationState.published)
    return {"idea_id": idea.id}


@tenant_object("tenant.ideas.edit_comment")
def comment_of_owner(municipality, owner):
    idea = create_idea(municipality, owner, state=ModerationState.published)
    comment = create_comment(idea, owner)
    return {"idea_id": idea.id, "comment_id": comment.id}


@tenant_object("tenant.ideas.retire_theme")
def municipal_theme(municipality, owner):
    theme = MunicipalTheme(municipality_id=municipality.id, name=f"Tema {municipality.id}")
    db.session.add(theme)
    db.session.commit()
    return {"theme_id": theme.id}
