"""How ideas and their comments take part in moderation (app/moderation/registry.py).

Registered here, on top of models and services, so that the models module does not import the
services (the decision hook `after_moderation` is a service).
"""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app.ideas.models import Idea, IdeaComment
from app.ideas.services import after_moderation
from app.moderation.models import ModerationState
from app.moderation.registry import register_type


def _idea_url(idea: Idea) -> str:
    return url_for("tenant.ideas.detail", idea_id=idea.id)


def _comment_url(comment: IdeaComment) -> str:
    return url_for("tenant.ideas.detail", idea_id=comment.idea_id, _anchor=f"kommentar-{comment.id}")


def _comment_title(comment: IdeaComment) -> str:
    return str(_l("Comment on “%(title)s”", title=comment.idea.title))


def _idea_is_public(comment: IdeaComment) -> bool:
    return comment.idea.moderation_state is ModerationState.published


register_type(Idea, label=_l("Idea"), title=lambda idea: idea.title,
              body_html=lambda idea: Markup(idea.body_html), public_url=_idea_url,
              on_decided=after_moderation)
register_type(IdeaComment, label=_l("Comment"), title=_comment_title,
              body_html=lambda comment: Markup(comment.body_html), public_url=_comment_url,
              on_decided=after_moderation, parent_public=_idea_is_public)
