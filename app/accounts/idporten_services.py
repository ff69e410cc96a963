"""Account writes through ID-porten: log in, create a linked account, link and unlink.

Like every service they flush, write the audit log and queue mail; the view commits. The audit
log never holds the `sub` (it is an identity) nor anything else ID-porten sent.
"""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts import services
from app.accounts.models import User
from app.accounts.queries import normalise_email
from app.core import audit
from app.core.clock import utcnow
from app.core.errors import ServiceError
from app.core.extensions import db


class IdportenError(ServiceError):
    """A link, unlink or new account through ID-porten that cannot be done; safe to show."""


def has_password(user: User) -> bool:
    """Whether the account can log in with a password (an account made through ID-porten has
    none until its owner sets one through "forgot password")."""
    return bool(user.password_hash)


def user_for_sub(sub: str) -> User | None:
    """The account linked to this ID-porten subject, or None."""
    return db.session.scalar(select(User).where(User.idporten_sub == sub))


def log_in_with_idporten(user: User) -> str:
    """Start a login session for the account ID-porten identified and note that it is verified
    now; the session secret (see services.log_in). Refuses a deactivated account."""
    if not user.active:
        raise IdportenError(_("You cannot log in with this account."))
    user.idporten_verified_at = utcnow()
    secret = services.log_in(user)
    audit.record("user.idporten_login", user, actor=user)
    return secret


def create_linked_account(sub: str, email: str, display_name: str, locale: str | None
                          ) -> User | None:
    """Create an account linked to ID-porten, without a password; its address is confirmed by
    the usual link. When the address is taken nothing is created and its owner is told by mail
    (as registration does, so the page never reveals that an address is registered); returns
    None then. Refuses a subject that is linked to an account already."""
    if user_for_sub(sub) is not None:
        raise IdportenError(_("This ID-porten identity is linked to a Tinget account already. "
                              "Log in with ID-porten instead."))
    email = normalise_email(email)
    if services.tell_owner_if_taken(email, "accounts/idporten/mail/already_registered.txt",
                                    account_url=url_for("accounts.overview", _external=True)):
        return None
    now = utcnow()
    user = User(email=email, display_name=display_name.strip(), locale=locale, password_hash="",
                idporten_sub=sub, idporten_verified_at=now)
    db.session.add(user)
    db.session.flush()
    services.send_verification(user)
    audit.record("user.idporten_account_created", user, actor=user)
    return user


def link_idporten(user: User, sub: str) -> None:
    """Link the ID-porten identity to the account and mark it verified. Refuses an identity
    linked to another account, and an account linked to another identity (unlink that first)."""
    owner = user_for_sub(sub)
    if owner is not None and owner.id != user.id:
        raise IdportenError(_("This ID-porten identity is linked to another Tinget account. "
                              "Log in with ID-porten to use that account, or unlink it there "
                              "first."))
    if user.idporten_sub is not None and user.idporten_sub != sub:
        raise IdportenError(_("Your account is linked to another ID-porten identity. Unlink it "
                              "first."))
    user.idporten_sub = sub
    user.idporten_verified_at = utcnow()
    db.session.flush()
    audit.record("user.idporten_linked", user, actor=user)


def unlink_idporten(user: User) -> None:
    """Remove the link to ID-porten (the account is no longer verified). Refuses an account
    that has no other way to log in (no password)."""
    if user.idporten_sub is None:
        raise IdportenError(_("Your account is not linked to ID-porten."))
    if not has_password(user):
        raise IdportenError(_("You log in only with ID-porten. Set a password first (use "
                              "\"Forgot your password?\" on the log-in page), then you can "
                              "unlink ID-porten."))
    user.idporten_sub = None
    user.idporten_verified_at = None
    db.session.flush()
    audit.record("user.idporten_unlinked", user, actor=user)
