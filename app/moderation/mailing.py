"""Mail that leaves only once the transaction that caused it is committed.

The text is rendered at once (in the recipient's language, while the objects are loaded);
the SMTP delivery waits for the session's commit and is dropped on rollback, so nobody is told
about a decision that was never saved.
"""
from __future__ import annotations

from contextlib import nullcontext

from flask import current_app, has_request_context, render_template, request, url_for
from flask_babel import force_locale
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db
from app.mail import send_mail

_KEY = "tinget_mail_after_commit"


def mail_after_commit(user, subject, template: str, **context) -> None:
    """Render a mail for `user` now (their language) and send it after the next commit."""
    if user is None or not user.email or not user.active:
        return
    with force_locale(user.locale) if user.locale else nullcontext():
        message = (user.email, str(subject), render_template(template, user=user, **context))
    db.session().info.setdefault(_KEY, []).append(message)


@event.listens_for(Session, "after_commit")
def _send_pending(session):
    for to, subject, body in session.info.pop(_KEY, []):
        send_mail(to, subject, body)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session):
    session.info.pop(_KEY, None)


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
