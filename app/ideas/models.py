"""Ideas, their goals, supports, comments, status history and municipal themes."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    Enum, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, case,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.clock import UTCDateTime, utcnow
from app.core.extensions import db
from app.core.vocabulary import SdgLinkMixin, SdgTagged
from app.core.tenancy import TenantMixin
from app.moderation.models import ModeratedMixin, ModerationState


class IdeaStatus(enum.Enum):
    """Where an idea is in its life: moderation first, then the municipality's answer."""

    pending = "pending"
    published = "published"  #: published, no municipal answer yet
    under_consideration = "under_consideration"
    accepted = "accepted"
    implemented = "implemented"
    not_pursued = "not_pursued"
    rejected = "rejected"
    hidden = "hidden"


#: the municipality's answers and where each may lead
ANSWER_TRANSITIONS = {
    IdeaStatus.published: [IdeaStatus.under_consideration, IdeaStatus.accepted,
                           IdeaStatus.not_pursued],
    IdeaStatus.under_consideration: [IdeaStatus.accepted, IdeaStatus.not_pursued],
    IdeaStatus.accepted: [IdeaStatus.implemented, IdeaStatus.not_pursued],
    IdeaStatus.not_pursued: [IdeaStatus.under_consideration],
    IdeaStatus.implemented: [],
}

#: prefix of the theme key of a municipality's own theme: "k-<id>" (the network's are THEMES keys)
MUNICIPAL_THEME_PREFIX = "k-"

_answer_enum = Enum(IdeaStatus, name="idea_status", native_enum=False, length=24)
_search_type = Text().with_variant(TSVECTOR(), "postgresql")


class Idea(SdgTagged, TenantMixin, ModeratedMixin, db.Model):
    __tablename__ = "ideas"
    __table_args__ = (
        Index("ix_ideas_public_newest", "municipality_id", "moderation_state", "created_at", "id"),
        Index("ix_ideas_public_support", "municipality_id", "moderation_state", "support_count",
              "created_at", "id"),
        Index("ix_ideas_public_comments", "municipality_id", "moderation_state", "comment_count",
              "created_at", "id"),
        Index("ix_ideas_public_theme", "municipality_id", "moderation_state", "theme", "created_at",
              "id"),
        Index("ix_ideas_search_document", "search_document",
              postgresql_using="gin").ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    #: what the author wrote (plain text or Markdown)
    body: Mapped[str] = mapped_column(Text)
    #: `body` rendered and sanitised (app/ideas/markup.py)
    body_html: Mapped[str] = mapped_column(Text)
    #: a key of app.core.vocabulary.THEMES, or "k-<id>" for a MunicipalTheme
    theme: Mapped[str] = mapped_column(String(40), index=True)
    #: the municipality's answer; the public status is `status`
    answer_status: Mapped[IdeaStatus] = mapped_column(_answer_enum, default=IdeaStatus.published,
                                                      index=True)
    place_text: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    image_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id", ondelete="SET NULL"))
    #: supports, kept exact by atomic increments beside the unique (idea, user) rows
    support_count: Mapped[int] = mapped_column(Integer, default=0)
    #: published comments, recounted whenever one is added or moderated
    comment_count: Mapped[int] = mapped_column(Integer, default=0)
    #: tsvector ('norwegian') on PostgreSQL; Norwegian stems on SQLite (app/ideas/stemmer.py)
    search_document: Mapped[str | None] = mapped_column(_search_type, deferred=True)
    #: the written form the author wrote in ('nb'/'nn'), set when submitted; NULL (ideas from
    #: before it was recorded) means the municipality's default written form
    written_form: Mapped[str | None] = mapped_column(String(2))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow,
                                                 onupdate=utcnow)

    sdg_links: Mapped[list[IdeaSdg]] = relationship(cascade="all, delete-orphan",
                                                    lazy="selectin", order_by="IdeaSdg.goal")
    image = relationship("StoredFile", lazy="select")

    @hybrid_property
    def status(self) -> IdeaStatus:
        if self.moderation_state is ModerationState.published:
            return self.answer_status
        return IdeaStatus(self.moderation_state.value)

    @status.expression
    def status(cls):  # noqa: N805
        return case((cls.moderation_state == ModerationState.published, cls.answer_status),
                    else_=cls.moderation_state)

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def __repr__(self) -> str:
        return f"<Idea {self.id} {self.title!r}>"


class IdeaSdg(SdgLinkMixin, db.Model):
    """A goal an idea works towards."""

    __tablename__ = "idea_sdgs"

    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"),
                                         primary_key=True)


class IdeaSupport(db.Model):
    __tablename__ = "idea_supports"
    __table_args__ = (UniqueConstraint("idea_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class IdeaComment(TenantMixin, ModeratedMixin, db.Model):
    __tablename__ = "idea_comments"
    __table_args__ = (Index("ix_idea_comments_idea_state", "idea_id", "moderation_state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    #: the comment this one replies to (one level: never a reply itself)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("idea_comments.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the written form the author wrote in ('nb'/'nn'), set when posted and kept on edit; NULL
    #: (comments from before it was recorded) means the municipality's default written form
    written_form: Mapped[str | None] = mapped_column(String(2))

    idea: Mapped[Idea] = relationship(lazy="joined")


class IdeaStatusChange(db.Model):
    """One step in an idea's public history: submitted, a municipal answer, a moderation outcome."""

    __tablename__ = "idea_status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    #: "submitted", "answer" (the municipality's) or "moderation"
    kind: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    #: the public reason (answers, hiding) or the reason given to the author (rejection)
    reason: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor = relationship("User", lazy="joined")


class MunicipalTheme(TenantMixin, db.Model):
    """A theme a municipality adds beside the network's."""

    __tablename__ = "idea_themes"
    __table_args__ = (UniqueConstraint("municipality_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    #: retired themes stay on the ideas that have them but are not offered any more
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def key(self) -> str:
        return f"{MUNICIPAL_THEME_PREFIX}{self.id}"
