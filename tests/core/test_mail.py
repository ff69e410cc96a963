"""The one mail path: a service queues mail, it leaves only after the commit succeeds."""
from __future__ import annotations

from app.core.extensions import db as _db
from app.core.mail import queue_mail, queue_mail_to, queued_mails
from tests.conftest import mail_body


def test_a_queued_mail_leaves_after_the_commit(app, db, outbox):
    with app.test_request_context():
        queue_mail_to("a@example.no", "Hei", "Teksten")
        assert outbox == [] and len(queued_mails()) == 1
        db.session.commit()
    assert [m["To"] for m in outbox] == ["a@example.no"]
    assert mail_body(outbox[0]).strip() == "Teksten"


def test_a_rollback_drops_the_queued_mail(app, db, outbox):
    with app.test_request_context():
        queue_mail_to("a@example.no", "Hei", "Teksten")
        db.session.rollback()
        assert queued_mails() == []
        db.session.commit()
    assert outbox == []


def test_a_closed_session_sends_nothing(app, db, outbox):
    """A request that ends without a commit (an error page, a refused form) sends nothing, and
    the next request's commit does not send it either."""
    with app.test_request_context():
        queue_mail_to("a@example.no", "Hei", "Teksten")
        _db.session.remove()
        db.session.commit()
    assert outbox == []


def test_mail_to_a_user_is_rendered_in_their_language(app, db, outbox, make_user):
    user = make_user("nynorsk@example.no")
    user.locale = "nn"
    db.session.commit()
    with app.test_request_context("/?lang=en"):
        queue_mail(user, "Subject", "accounts/mail/reset.txt", url="http://localhost/x")
        db.session.commit()
    assert len(outbox) == 1
    body = mail_body(outbox[0])
    assert "http://localhost/x" in body
    with app.test_request_context("/?lang=en"):
        english = app.jinja_env.get_template("accounts/mail/reset.txt").render(
            user=user, url="http://localhost/x")
    assert body.strip() != english.strip()


def test_a_closed_account_gets_no_mail(app, db, outbox, make_user):
    user = make_user("closed@example.no")
    user.active = False
    db.session.commit()
    with app.test_request_context():
        queue_mail(user, "Subject", "accounts/mail/reset.txt", url="http://localhost/x")
        db.session.commit()
    assert outbox == []
