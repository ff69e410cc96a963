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
from email.utils import formataddr, make_msgid, parseaddr

from flask import current_app, g, has_request_context, render_template, request, url_for
from flask_babel import force_locale, get_locale, gettext
from markupsafe import Markup, escape
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
        queue_mail_to(user.email, str(subject), render_template(template, user=user, **context),
                      municipality=context.get("municipality"))


def _sender(municipality):
    """The municipality a mail is from: the one given, else the request's (a tenant page)."""
    if municipality is None and has_request_context():
        municipality = g.get("municipality")
    return municipality if getattr(municipality, "slug", None) else None


def queue_mail_to(address: str, subject: str, body: str, *, municipality=None) -> None:
    """Write an already rendered mail to `address` into the outbox, in the current transaction;
    it is sent after that transaction commits.

    A mail from a municipality (`municipality`, else the request's) carries its name as the
    sender's display name and in a signature under the text, and, when the municipality has a
    logo or an accent colour, an HTML alternative with them (the text part stays the text)."""
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so that a rollback before any query still ends a transaction and drops it
    now = utcnow()
    sender_name = html = None
    municipality = _sender(municipality)
    if municipality is not None:
        body, html, sender_name = branded(municipality, str(subject), body)
    row = MailOutbox(to_address=address, subject=str(subject), body=body, status=PENDING,
                     attempts=0, created_at=now, next_attempt_at=now, sender_name=sender_name,
                     html_body=html, message_id=make_msgid(domain="tinget.no"))
    session.add(row)
    session.info.setdefault(_KEY, []).append(row)


#: the link and bar colour of an HTML mail from a municipality without its own colour
DEFAULT_ACCENT = "#0062ba"
_URL = re.compile(r"https?://[^\s<>\"]+")


def branded(municipality, subject: str, body: str) -> tuple[str, str | None, str]:
    """A mail from `municipality`: (text with the municipality's signature, an HTML alternative
    or None, the sender's display name). The HTML part is made only when the municipality has
    a logo or an accent colour; it says what the text says."""
    name = gettext("%(name)s municipality", name=municipality.name)
    home = external_url("tenant.municipalities.home", municipality=municipality.slug)
    text = f"{body.rstrip()}\n\n-- \n{name}\n{home}\n"
    sender_name = gettext("%(name)s via Tinget", name=name)
    if not (municipality.accent_color or municipality.logo_file_id):
        return text, None, sender_name
    return text, _html_part(municipality, subject, body, name, home), sender_name


def _linked(line: str, colour: str) -> Markup:
    out, last = Markup(""), 0
    for match in _URL.finditer(line):
        url = match.group(0)
        out += escape(line[last:match.start()]) + Markup(
            '<a href="{0}" style="color:{1}">{0}</a>').format(url, colour)
        last = match.end()
    return out + escape(line[last:])


def _html_part(municipality, subject: str, body: str, name: str, home: str) -> str:
    colour = municipality.accent_color or DEFAULT_ACCENT
    paragraphs = [Markup("<br>\n").join(_linked(line, colour) for line in block.splitlines())
                  for block in re.split(r"\n\s*\n", body.strip()) if block.strip()]
    logo = Markup("")
    if municipality.logo_file_id:
        src = external_url("tenant.files.download", municipality=municipality.slug,
                           file_id=municipality.logo_file_id)
        logo = Markup('<p><img src="{}" alt="{}" height="48"></p>').format(
            src, municipality.logo_alt or name)
    text = Markup("").join(Markup('<p style="margin:0 0 1em">{}</p>\n').format(p)
                           for p in paragraphs)
    return str(Markup(
        '<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{subject}</title>'
        '</head>\n<body style="margin:0;padding:0;font-family:Arial,Helvetica,sans-serif;'
        'color:#1e1e1e;line-height:1.5">\n<div style="border-top:6px solid {colour};'
        'padding:16px 20px;max-width:640px">\n{logo}{text}<p style="margin-top:2em;'
        'border-top:1px solid #ccc;padding-top:8px">{name}<br><a href="{home}" style="color:'
        '{colour}">{home}</a></p>\n</div></body></html>\n').format(
            lang=str(get_locale() or "nb"), subject=subject, colour=colour, logo=logo,
            text=text, name=name, home=home))


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


def build_message(to: str, subject: str, body: str, message_id: str | None = None, *,
                  sender_name: str | None = None, html: str | None = None) -> EmailMessage:
    """The message: plain text, with `html` as an alternative part when given; From keeps the
    configured address and shows `sender_name` (the municipality) when given."""
    message = EmailMessage()
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    if sender_name:
        name, address = parseaddr(sender)
        sender = formataddr((sender_name, address or sender))
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = message_id or make_msgid(domain="tinget.no")
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    return message


def deliver(to: str, subject: str, body: str, message_id: str | None = None, *,
            sender_name: str | None = None, html: str | None = None) -> EmailMessage:
    """Send one mail over SMTP now (the outbox's senders call this, nothing else): plain text,
    with an HTML alternative when `html` is given.

    Raises TemporaryFailure (4xx, refused or broken connection, timeout) or PermanentFailure
    (5xx); their text never holds an e-mail address.
    """
    config = current_app.config
    message = build_message(to, subject, body, message_id, sender_name=sender_name, html=html)
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
