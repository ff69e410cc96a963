"""Outgoing e-mail over SMTP; without MAIL_SERVER the mail is written to the log."""
from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from contextlib import nullcontext

from flask import current_app, render_template
from flask_babel import force_locale


def send_mail(to: str, subject: str, body: str) -> EmailMessage:
    """Send a plain-text mail to one address. Raises nothing: failures are logged."""
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


def send_to_user(user, subject, template: str, **context) -> EmailMessage:
    """Mail a user in their own language (or the current one).

    `subject` is a lazy string (`lazy_gettext`), rendered in that language; `template` is a
    plain-text Jinja template that gets `user` and `context`.
    """
    with force_locale(user.locale) if user.locale else nullcontext():
        return send_mail(user.email, str(subject), render_template(template, user=user, **context))
