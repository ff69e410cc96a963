"""Accounts and their roles in municipalities."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, Enum, ForeignKey, Integer, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash

from app.accounts import passwords
from app.accounts.labels import ROLE_LABELS
from app.core.clock import UTCDateTime
from app.core.extensions import db

if TYPE_CHECKING:
    from app.municipalities.models import Municipality


class Role(enum.Enum):
    resident = "resident"
    moderator = "moderator"
    admin = "admin"

    @property
    def label(self):
        """What the role is called, in the reader's language."""
        return ROLE_LABELS[self.value]


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: stored in lower case; unique
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the interface language the user chose; None follows the municipality and browser
    locale: Mapped[str | None] = mapped_column(String(8))
    is_network_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    #: a deactivated account cannot log in
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.now())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: ID-porten's pairwise subject for Tinget (`sub`): the identity; the national identity
    #: number (`pid`) is never stored
    idporten_sub: Mapped[str | None] = mapped_column(String(255), unique=True)
    #: when the account was last linked or logged in through ID-porten ("verified")
    idporten_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    login_sessions: Mapped[list[LoginSession]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    def set_password(self, password: str) -> None:
        self.password_hash = passwords.hash_password(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def role_in(self, municipality: Municipality | None) -> Role | None:
        if municipality is None:
            return None
        for membership in self.memberships:
            if membership.municipality_id == municipality.id:
                return membership.role
        return None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class Membership(db.Model):
    """A user's role in one municipality."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "municipality_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role] = mapped_column(Enum(Role, name="role", native_enum=False, length=16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.now())

    user: Mapped[User] = relationship(back_populates="memberships")
    municipality: Mapped["Municipality"] = relationship(lazy="joined")


class LoginSession(db.Model):
    """One signed-in browser: the session cookie carries a secret whose hash is stored here.

    Deleting the row ends that session, wherever the cookie is (log-out, password change or
    reset, "log out on all devices")."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 (hex) of the secret in the cookie; the secret itself is never stored
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: when the account logged in; the session ends PERMANENT_SESSION_LIFETIME later
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="login_sessions")
