"""Outgoing e-mail: services queue it, it leaves only after the request's commit, off the request.

A service calls `queue_mail(user, subject, template, ...)` (or `queue_mail_to` for an address
without an account): the text is rendered at once, in the recipient's language and while the
objects are loaded, and written as a row of the outbox (app/core/outbox.py) in the same
transaction as the change. On rollback the row is gone, so nobody is told about a change that was
never saved; after the commit the row is handed to a sender (app/core/jobs.py) and sent over SMTP
(or to the log without MAIL_SERVER), retried when the failure is temporary. No service talks to
SMTP itself, and no response waits for it (except with MAIL_DELIVERY=inline, the tests' mode).
"""
from __future__ import annotations

import re
import smtplib
from contextlib import nullcontext
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, has_request_context, render_template, request, url_for
from flask_babel import force_locale
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from app.core.clock import utcnow
from app.core.extensions import db
from app.core.outbox import MailOutbox, PENDING, PermanentFailure, TemporaryFailure

_KEY = "tinget_mail_after_commit"
_ADDRESS = re.compile(r"<?[^\s<>@]+@[^\s<>@]+>?")


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
    """Write an already rendered mail to `address` into the outbox, in the current transaction;
    it is sent after that transaction commits."""
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so that a rollback before any query still ends a transaction and drops it
    now = utcnow()
    row = MailOutbox(to_address=address, subject=str(subject), body=body, status=PENDING,
                     attempts=0, created_at=now, next_attempt_at=now,
                     message_id=make_msgid(domain="tinget.no"))
    session.add(row)
    session.info.setdefault(_KEY, []).append(row)


def queued_mails() -> list[tuple[str, str, str]]:
    """What the current session will send on commit: (address, subject, body)."""
    return [(row.to_address, row.subject, row.body) for row in db.session().info.get(_KEY, [])]


@event.listens_for(Session, "after_commit")
def _hand_off_queued(session):
    if session.in_nested_transaction():  # a savepoint: the mails wait for the real commit
        return
    rows = session.info.pop(_KEY, [])
    ids = [state.identity[0] for state in map(inspect, rows) if state.identity]
    if ids:
        from app.core.jobs import hand_off  # jobs imports the outbox, which this module loads

        hand_off(ids)


@event.listens_for(Session, "after_transaction_end")
def _drop_queued(session, transaction):
    """A transaction that ended without a commit (rollback, close) takes its mails with it (their
    rows were never committed); after a commit the list is already empty."""
    if transaction.parent is None:
        session.info.pop(_KEY, None)


def build_message(to: str, subject: str, body: str, message_id: str | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = message_id or make_msgid(domain="tinget.no")
    message.set_content(body)
    return message


def deliver(to: str, subject: str, body: str, message_id: str | None = None) -> EmailMessage:
    """Send one plain-text mail over SMTP now (the outbox's senders call this, nothing else).

    Raises TemporaryFailure (4xx, refused or broken connection, timeout) or PermanentFailure
    (5xx); their text never holds an e-mail address.
    """
    config = current_app.config
    message = build_message(to, subject, body, message_id)
    if not config.get("MAIL_SERVER"):
        current_app.logger.info("Mail (MAIL_SERVER unset, not sent):\n%s", message.as_string())
        return message
    smtp_class = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
    try:
        with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"],
                        timeout=config.get("MAIL_TIMEOUT", 10)) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _ in error.recipients.values()]
        raise _failure(min(codes), b"; ".join(text for _, text in error.recipients.values()))
    except smtplib.SMTPResponseException as error:
        raise _failure(error.smtp_code, error.smtp_error)
    except (OSError, smtplib.SMTPException) as error:
        raise TemporaryFailure(_ADDRESS.sub("<address>", f"{type(error).__name__}: {error}"))
    return message


def _failure(code: int, text) -> Exception:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    description = _ADDRESS.sub("<address>", f"{code} {text}")
    return PermanentFailure(description) if 500 <= code < 600 else TemporaryFailure(description)


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
