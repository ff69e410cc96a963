"""Reads: the signed-in account, an account by e-mail address or by the link in a mail."""
from __future__ import annotations

import hashlib

from flask import current_app, session
from sqlalchemy import select

from app.accounts import tokens
from app.accounts.models import LoginSession, User
from app.core import follows
from app.core.clock import utcnow
from app.core.extensions import db

#: the key, in Flask's (signed, client-side) session, of the secret that names the LoginSession
SESSION_KEY = "login_session"


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def key_hash(secret: str) -> str:
    """What is stored of a session's secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def session_cutoff():
    """Sessions that began before this have ended (PERMANENT_SESSION_LIFETIME after log-in)."""
    return utcnow() - current_app.permanent_session_lifetime


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader: the active account with this id whose login session (named by
    the secret in the cookie) still exists and has not expired, or None."""
    secret = session.get(SESSION_KEY)
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    if not isinstance(secret, str) or not secret:
        return None
    return db.session.scalar(
        select(User).join(LoginSession).where(
            User.id == user_id, User.active.is_(True), LoginSession.key_hash == key_hash(secret),
            LoginSession.created_at >= session_cutoff()))


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


def email_change_for_token(token: str) -> tuple[User, str] | None:
    """(account, new address) of a valid, unexpired link to confirm a new address, or None when
    the account's address is no longer the one the link was made for (changed meanwhile, or the
    link used already)."""
    data = tokens.read(tokens.CHANGE_EMAIL, token)
    user = db.session.get(User, data.get("u")) if data and isinstance(data.get("u"), int) else None
    if user is None or not user.active or user.email != data.get("o") \
            or not isinstance(data.get("n"), str):
        return None
    return user, data["n"]


def user_for_unsubscribe_token(token: str) -> User | None:
    """The account of a valid, unexpired link that ends follow mail, or None."""
    user_id = follows.user_id_for_unsubscribe_token(token)
    return db.session.get(User, user_id) if user_id is not None else None
