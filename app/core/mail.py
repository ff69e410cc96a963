"""Outgoing e-mail: services queue it, it leaves only after the request's commit.

A service calls `queue_mail(user, subject, template, ...)` (or `queue_mail_to` for an address
without an account): the text is rendered at once, in the recipient's language and while the
objects are loaded, and kept on the database session. When that session commits, the queued mails
go out over SMTP (or to the log without MAIL_SERVER); on rollback they are dropped, so nobody is
told about a change that was never saved. No service talks to SMTP itself.
"""
from __future__ import annotations

import smtplib
from contextlib import nullcontext
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, has_request_context, render_template, request, url_for
from flask_babel import force_locale
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.core.extensions import db

_KEY = "tinget_mail_after_commit"


def queue_mail(user, subject, template: str, **context) -> None:
    """Render a mail for `user` now (in their language) and send it after the next commit.

    `subject` is a lazy string (`lazy_gettext`); `template` a plain-text Jinja template that gets
    `user` and `context`. Nothing is queued for a user without an address or whose account is
    closed or blocked from logging in.
    """
    if user is None or not user.email or not user.active:
        return
    with force_locale(user.locale) if user.locale else nullcontext():
        queue_mail_to(user.email, str(subject), render_template(template, user=user, **context))


def queue_mail_to(address: str, subject: str, body: str) -> None:
    """Send an already rendered mail to `address` after the next commit."""
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so that a rollback before any query still ends a transaction and drops it
    session.info.setdefault(_KEY, []).append((address, subject, body))


def queued_mails() -> list[tuple[str, str, str]]:
    """What the current session will send on commit: (address, subject, body)."""
    return list(db.session().info.get(_KEY, []))


@event.listens_for(Session, "after_commit")
def _send_queued(session):
    for address, subject, body in session.info.pop(_KEY, []):
        _deliver(address, subject, body)


@event.listens_for(Session, "after_transaction_end")
def _drop_queued(session, transaction):
    """A transaction that ended without a commit (rollback, close) takes its mails with it;
    after a commit the queue is already empty."""
    if transaction.parent is None:
        session.info.pop(_KEY, None)


def _deliver(to: str, subject: str, body: str) -> EmailMessage:
    """Send one plain-text mail over SMTP. Raises nothing: a failure is logged."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="tinget.no")
    message.set_content(body)
    if not config.get("MAIL_SERVER"):
        current_app.logger.info("Mail (MAIL_SERVER unset, not sent):\n%s", message.as_string())
        return message
    smtp_class = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
    try:
        with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("Could not send mail to %s", to)
    return message


def external_url(endpoint: str, **values) -> str:
    """An absolute URL for a mail, also outside a request (command line, demo data)."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context():
        return url_for(endpoint, _external=True, **values)


def absolute(path: str) -> str:
    """A site path made absolute for a mail."""
    if has_request_context():
        return request.host_url.rstrip("/") + path
    with current_app.test_request_context():
        return request.host_url.rstrip("/") + path
