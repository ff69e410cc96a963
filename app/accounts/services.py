"""Account services: register, verify, log in and out, reset and change passwords, roles, the
display name and a new e-mail address, how often follow mail comes.

Writes only: they flush, write the audit log and queue mail; the view commits. Reads are in
queries.py.
"""
from __future__ import annotations

import secrets
from functools import lru_cache

from contextlib import nullcontext

from flask import render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from werkzeug.security import check_password_hash

from app.accounts import passwords, tokens
from app.accounts.models import LoginSession, Membership, Role, User
from app.accounts.passwords import password_problem
from app.accounts.queries import find_user, key_hash, normalise_email, session_cutoff
from app.core import audit, follows
from app.core.clock import utcnow
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.mail import queue_mail, queue_mail_to


class AccountError(ServiceError):
    """Bad input to an account service; the message is safe to show."""


def _check_password(password: str, email: str) -> None:
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem, field="password")


def register_user(email: str, display_name: str, password: str, locale: str | None) -> User | None:
    """Create an unverified account and mail the verification link.

    When the address is already registered nothing is created; the owner of the address is
    told by mail instead, so the page never reveals whether an address is registered. Both
    paths hash the password, so neither answers faster (the hash is most of the work).
    Returns the new user, or None when the address was taken. Refuses a weak password.
    """
    email = normalise_email(email)
    _check_password(password, email)
    password_hash = passwords.hash_password(password)
    if tell_owner_if_taken(email, "accounts/mail/already_registered.txt",
                           reset_url=url_for("accounts.forgot_password", _external=True)):
        return None
    user = User(email=email, display_name=display_name.strip(), locale=locale,
                password_hash=password_hash)
    db.session.add(user)
    db.session.flush()
    send_verification(user)
    return user


def tell_owner_if_taken(email: str, template: str, **links) -> bool:
    """Whether an account has the address; if so, its owner is told by mail that someone tried
    to register with it (`template`, given the log-in link and `links`): the page that asked
    says the same either way."""
    existing = find_user(email)
    if existing is None:
        return False
    queue_mail(existing, _l("Someone tried to register with your e-mail address"), template,
               login_url=url_for("accounts.login", _external=True), **links)
    return True


def send_verification(user: User) -> None:
    """Mail a (new) verification link to the account's address."""
    queue_mail(user, _l("Confirm your e-mail address for Tinget"), "accounts/mail/verify.txt",
               url=url_for("accounts.verify_email", token=tokens.verification_token(user),
                           _external=True))


def verify_email(user: User) -> None:
    """Mark the account's address as confirmed (a second click changes nothing)."""
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        db.session.flush()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to check against when the e-mail is unknown, so both cases take the same time."""
    return passwords.hash_password("not-a-real-password")


def authenticate(email: str, password: str) -> User | None:
    """The active account with this e-mail and password, or None (same time either way)."""
    user = find_user(email)
    if user is None:
        check_password_hash(_dummy_hash(), password or "")
        return None
    if not user.check_password(password or "") or not user.active:
        return None
    return user


def log_in(user: User) -> str:
    """Start a login session for the account and remember when it logged in; the secret the
    session cookie must carry (only its hash is stored). Sessions that have expired go now."""
    now = utcnow()
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id,
                                                  LoginSession.created_at < session_cutoff()))
    secret = secrets.token_urlsafe(32)
    db.session.add(LoginSession(user_id=user.id, key_hash=key_hash(secret), created_at=now))
    user.last_login_at = now
    db.session.flush()
    return secret


def log_out(user: User, secret: str | None) -> None:
    """End the login session this secret names (the browser that logs out)."""
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id,
                                                  LoginSession.key_hash == key_hash(secret or "")))
    db.session.flush()


def end_sessions(user: User, *, keep: str | None = None) -> None:
    """End every login session of the account, on every device, except the one the secret
    `keep` names (None ends them all)."""
    statement = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep is not None:
        statement = statement.where(LoginSession.key_hash != key_hash(keep))
    db.session.execute(statement)
    db.session.flush()


def request_password_reset(email: str) -> None:
    """Mail a reset link if the address has an active account; silent either way."""
    user = find_user(email)
    if user is None or not user.active:
        return
    queue_mail(user, _l("Reset your Tinget password"), "accounts/mail/reset.txt",
               url=url_for("accounts.reset_password", token=tokens.reset_token(user),
                           _external=True))


def _store_password(user: User, password: str) -> None:
    _check_password(password, user.email)
    user.set_password(password)
    db.session.flush()


def reset_password(user: User, password: str) -> None:
    """Set a new password from a reset link and end every session of the account (whoever had
    the old password is logged out). The link proves the address, so it is verified too.
    Refuses a password that breaks the rule."""
    _store_password(user, password)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    end_sessions(user)


def change_password(user: User, current: str, new: str, *, keep: str | None) -> None:
    """Change the password when the current one is right and end every other session of the
    account; the session `keep` names (the one changing it) continues. Refuses a wrong current
    password and a new one that breaks the rule."""
    if not user.check_password(current):
        raise AccountError(_("The current password is wrong."), field="password")
    _store_password(user, new)
    end_sessions(user, keep=keep)


def set_language(user: User, locale: str | None) -> None:
    """The user's interface language; None follows the municipality and browser."""
    user.locale = locale or None
    db.session.flush()


def create_user(email: str, password: str, display_name: str | None = None, *, municipality=None,
                role: Role | None = None, network_admin: bool = False) -> User:
    """Create a verified account (command line, demo data). Refuses a taken or bad address."""
    email = normalise_email(email)
    if "@" not in email or "." not in email.split("@")[-1]:
        raise AccountError(f"Not an e-mail address: {email!r}")
    if find_user(email) is not None:
        raise AccountError(f"An account with {email} exists already")
    _check_password(password, email)
    user = User(email=email, display_name=(display_name or email.split("@")[0]).strip(),
                is_network_admin=network_admin, email_verified_at=utcnow())
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    if municipality is not None:
        grant_role(user, municipality, role or Role.resident)
    return user


def grant_role(user: User, municipality, role: Role, actor: User | None = None) -> Membership:
    """Give `user` this role in `municipality` (one role per municipality), written to the audit log."""
    membership = db.session.scalar(select(Membership).where(
        Membership.user_id == user.id, Membership.municipality_id == municipality.id))
    before = {"role": membership.role.value} if membership else None
    if membership is None:
        membership = Membership(user=user, municipality=municipality, role=role)
        db.session.add(membership)
    else:
        membership.role = role
    db.session.flush()
    audit.record("membership.role_granted", membership, actor=actor, municipality=municipality,
                 before=before, after={"user_id": user.id, "role": role.value})
    return membership


# --- my account: name, address, follow mail ---------------------------------------------------

def change_display_name(user: User, name: str) -> bool:
    """Set the name shown with what the account writes (2 to 80 characters); audited without
    the names themselves. Returns False when nothing changed. Refuses a name out of bounds."""
    name = " ".join((name or "").split())
    if not 2 <= len(name) <= 80:
        raise AccountError(_("The display name must be 2 to 80 characters."), field="display_name")
    if name == user.display_name:
        return False
    user.display_name = name
    db.session.flush()
    audit.record("account.name_changed", user, actor=user)
    return True


def _mail_address(user: User, address: str, subject, template: str, **context) -> None:
    """A mail to another address than the account's, in the account's language."""
    with force_locale(user.locale) if user.locale else nullcontext():
        queue_mail_to(address, str(subject), render_template(template, user=user, **context))


def request_email_change(user: User, new_email: str, password: str | None) -> None:
    """Start a change of address: the new address gets a link to confirm it, the current one a
    notice; nothing changes until the link is followed. A taken address gets a mail saying so
    instead of a link, so the page (the same either way) never tells that it is taken. Asks for
    the current password unless the account logs in through ID-porten. Refuses the current
    address, a wrong password and an address that is not one."""
    new_email = normalise_email(new_email)
    if "@" not in new_email or "." not in new_email.split("@")[-1]:
        raise AccountError(_("Enter a valid e-mail address, like navn@eksempel.no."), field="email")
    if new_email == user.email:
        raise AccountError(_("That is your e-mail address already."), field="email")
    if user.idporten_sub is None and not user.check_password(password or ""):
        raise AccountError(_("The current password is wrong."), field="password")
    other = find_user(new_email)
    if other is not None:
        _mail_address(user, new_email, _l("Someone tried to use your e-mail address on Tinget"),
                      "accounts/mail/email_taken.txt",
                      reset_url=url_for("accounts.forgot_password", _external=True))
    else:
        _mail_address(user, new_email, _l("Confirm your new e-mail address for Tinget"),
                      "accounts/mail/email_change.txt", url=url_for(
                          "accounts.confirm_email_change",
                          token=tokens.email_change_token(user, new_email), _external=True))
    queue_mail(user, _l("Your e-mail address on Tinget is about to change"),
               "accounts/mail/email_change_notice.txt", new_email=new_email,
               url=url_for("accounts.overview", _external=True))
    audit.record("account.email_change_requested", user, actor=user)


def confirm_email_change(user: User, new_email: str) -> None:
    """Move the account to the confirmed new address (now verified) and tell the old one.
    Refuses an address another account has taken since the link was sent."""
    if find_user(new_email) is not None:
        raise AccountError(_("Another account uses that address now. Nothing was changed."))
    old = user.email
    user.email = new_email
    user.email_verified_at = utcnow()
    db.session.flush()
    _mail_address(user, old, _l("Your e-mail address on Tinget is changed"),
                  "accounts/mail/email_changed.txt", new_email=new_email)
    audit.record("account.email_changed", user, actor=user)


def set_follow_frequency(user: User, frequency: str) -> None:
    """How often mail about followed items comes: immediately, daily or never. Refuses others."""
    try:
        value = follows.Frequency(frequency)
    except ValueError:
        raise AccountError(_("Choose how often you want mail."), field="frequency") from None
    follows.set_frequency(user, value)


def unsubscribe(user: User) -> None:
    """The link in a follow mail: no more mail about what the account follows (it still
    follows them, and can choose mail again on /konto/folger)."""
    follows.set_frequency(user, follows.Frequency.never)
    audit.record("account.follow_mail_stopped", user, actor=user)
