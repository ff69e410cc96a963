"""Votes, their projects and the ballots cast in them."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Enum, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.clock import UTCDateTime, aware, utcnow
from app.core.drafting import MachineDrafted
from app.core.extensions import db
from app.core.i18n import LocalText, localized
from app.core.sharing import Shareable
from app.core.tenancy import TenantMixin
from app.core.vocabulary import SdgLinkMixin, SdgTagged


class VoteMethod(enum.Enum):
    single = "single"  #: one project
    approval = "approval"  #: up to `max_choices` projects
    budget = "budget"  #: any set of projects whose total cost fits the budget


class Eligibility(enum.Enum):
    account = "account"  #: any logged-in account, whichever municipality it lives in
    #: logged-in accounts that tick "I live in <municipality>" on the ballot (not verified)
    resident = "resident"
    idporten = "idporten"  #: only accounts verified through ID-porten (see permissions)


class BilingualTexts:
    """`title` and `description` in bokmål (`_nb`) and nynorsk (`_nn`).

    `obj.title` / `obj.description` read the text in the reader's written form (a LocalText:
    `.lang`, `.fallback`), so code that knew only one text keeps working; in SQL, `Model.title`
    is the bokmål column (select, order by). Setting `title=` (also as a constructor keyword)
    sets the bokmål text."""

    title_nb: Mapped[str | None] = mapped_column(String(200))
    title_nn: Mapped[str | None] = mapped_column(String(200))
    description_nb: Mapped[str | None] = mapped_column(Text, default="")
    description_nn: Mapped[str | None] = mapped_column(Text)

    @hybrid_property
    def title(self) -> LocalText:
        return localized(self, "title")

    @title.inplace.setter
    def _title_setter(self, value: str | None) -> None:
        self.title_nb = value

    @title.inplace.expression
    @classmethod
    def _title_expression(cls):
        return cls.title_nb

    @hybrid_property
    def description(self) -> LocalText:
        return localized(self, "description")

    @description.inplace.setter
    def _description_setter(self, value: str | None) -> None:
        self.description_nb = value

    @description.inplace.expression
    @classmethod
    def _description_expression(cls):
        return cls.description_nb


class VotePhase(enum.Enum):
    draft = "draft"
    upcoming = "upcoming"
    open = "open"
    closed = "closed"


class Vote(BilingualTexts, SdgTagged, Shareable, MachineDrafted, TenantMixin, db.Model):
    __tablename__ = "votes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    method: Mapped[VoteMethod] = mapped_column(
        Enum(VoteMethod, name="vote_method", native_enum=False, length=16))
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: approval: the most projects a ballot may choose
    max_choices: Mapped[int | None] = mapped_column(Integer)
    #: participatory budget: the money to spend, in whole kroner
    budget: Mapped[int | None] = mapped_column(BigInteger)
    #: participatory budget: the least share of the budget (per cent) a ballot must use
    min_budget_share: Mapped[int | None] = mapped_column(Integer)
    eligibility: Mapped[Eligibility] = mapped_column(
        Enum(Eligibility, name="vote_eligibility", native_enum=False, length=16),
        default=Eligibility.account)
    #: show results while the vote is open (otherwise only after it closes)
    results_live: Mapped[bool] = mapped_column(Boolean, default=False)
    #: None while a draft; residents see a vote only once it is published
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow,
                                                 onupdate=utcnow)

    #: the network theme the vote as a whole belongs to (a key of app.core.vocabulary.THEMES)
    theme: Mapped[str | None] = mapped_column(String(40))

    municipality = relationship("Municipality")
    sdg_links: Mapped[list[VoteSdg]] = relationship(cascade="all, delete-orphan",
                                                    lazy="selectin", order_by="VoteSdg.goal")
    projects: Mapped[list[Project]] = relationship(
        back_populates="vote", cascade="all, delete-orphan",
        order_by="(Project.position, Project.id)", lazy="selectin")

    def phase_at(self, now: datetime | None = None) -> VotePhase:
        """The phase at `now` (default: the clock's now): draft until published, then upcoming,
        open from `opens_at`, closed from `closes_at`."""
        now = aware(now) or utcnow()
        if self.published_at is None:
            return VotePhase.draft
        if now < self.opens_at:
            return VotePhase.upcoming
        if now < self.closes_at:
            return VotePhase.open
        return VotePhase.closed

    @property
    def phase(self) -> VotePhase:
        return self.phase_at()

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def has_started(self) -> bool:
        """Published and opened: from now on the rules and the projects' costs are fixed."""
        return self.phase in (VotePhase.open, VotePhase.closed)

    @property
    def min_budget_amount(self) -> int:
        """The least total a participatory-budget ballot must reach, in kroner (rounded up)."""
        if not self.budget or not self.min_budget_share:
            return 0
        return -(-self.budget * self.min_budget_share // 100)

    def __repr__(self) -> str:
        return f"<Vote {self.id} {self.method.value}>"


class VoteSdg(SdgLinkMixin, db.Model):
    """A goal a vote as a whole works towards."""

    __tablename__ = "vote_sdgs"

    vote_id: Mapped[int] = mapped_column(ForeignKey("votes.id", ondelete="CASCADE"),
                                         primary_key=True)


class Project(BilingualTexts, SdgTagged, TenantMixin, db.Model):
    """A project residents can vote for."""

    __tablename__ = "vote_projects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("votes.id", ondelete="CASCADE"), index=True)
    #: the estimated cost in whole kroner
    cost: Mapped[int] = mapped_column(BigInteger, default=0)
    #: a key of app.core.vocabulary.THEMES, or None
    theme: Mapped[str | None] = mapped_column(String(40))
    #: where the project happens, in words (optional)
    place: Mapped[str | None] = mapped_column(String(200))
    image_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id", ondelete="SET NULL"))
    #: order on the ballot; ties keep the order of creation
    position: Mapped[int] = mapped_column(Integer, default=0)

    vote: Mapped[Vote] = relationship(back_populates="projects")
    image = relationship("StoredFile", lazy="joined")
    sdg_links: Mapped[list[ProjectSdg]] = relationship(cascade="all, delete-orphan",
                                                       lazy="selectin", order_by="ProjectSdg.goal")


class ProjectSdg(SdgLinkMixin, db.Model):
    """A goal a project works towards."""

    __tablename__ = "vote_project_sdgs"

    project_id: Mapped[int] = mapped_column(ForeignKey("vote_projects.id", ondelete="CASCADE"),
                                            primary_key=True)


class Ballot(TenantMixin, db.Model):
    """One account's ballot in one vote; replaced, never duplicated, when the voter changes it.

    Secret: no page or export for staff shows who cast a ballot or what it chose.
    """

    __tablename__ = "vote_ballots"
    __table_args__ = (UniqueConstraint("vote_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("votes.id", ondelete="CASCADE"), index=True)
    #: None once the account is deleted: the ballot still counts, anonymously
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    choices: Mapped[list[BallotChoice]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", passive_deletes=True)


class BallotChoice(db.Model):
    """A project chosen on a ballot."""

    __tablename__ = "vote_ballot_choices"

    ballot_id: Mapped[int] = mapped_column(ForeignKey("vote_ballots.id", ondelete="CASCADE"),
                                           primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("vote_projects.id", ondelete="CASCADE"),
                                            primary_key=True, index=True)
