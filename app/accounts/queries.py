"""Reads: find an account by id, by e-mail address or by the link in a mail."""
from __future__ import annotations

from sqlalchemy import select

from app.accounts import tokens
from app.accounts.models import User
from app.core.extensions import db


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader: the account with this id, or None."""
    try:
        return db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def user_for_verification_token(token: str) -> User | None:
    """The account of a valid, unexpired verification link, or None."""
    data = tokens.read(tokens.VERIFY, token)
    user = db.session.get(User, data.get("u")) if data else None
    if user is None or user.email != data.get("e"):
        return None
    return user


def user_for_reset_token(token: str) -> User | None:
    """The account of a valid, unexpired and unused reset link, or None."""
    data = tokens.read(tokens.RESET, token)
    user = db.session.get(User, data.get("u")) if data else None
    if user is None or data.get("h") != tokens.reset_fingerprint(user):
        return None
    return user
