"""Mail through the outbox: written with the change, sent after the commit, off the request in
worker mode, retried on temporary failures, kept when it fails for good, never sent twice."""
from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core import clock, jobs
from app.core.extensions import db as _db
from app.core.mail import queue_mail_to, queued_mails
from app.core.mail_cli import mail as mail_cli
from app.core.outbox import MailOutbox, sweep
from tests.conftest import mail_body, submit
from tests.ops.conftest import wait_for

TRY_LATER = "451 4.7.1 Try again later"


def rows():
    _db.session.expire_all()
    return _db.session.scalars(select(MailOutbox).order_by(MailOutbox.id)).all()


@pytest.fixture
def frozen(monkeypatch):
    """Move the clock: `frozen(seconds)` sets it that far from the real now."""
    start = clock.utcnow()

    def move(seconds: float):
        monkeypatch.setattr(clock, "frozen_now", start + timedelta(seconds=seconds))
    return move


def test_the_mail_is_a_row_of_the_commit_and_leaves_after_it(app, db, outbox):
    with app.test_request_context():
        queue_mail_to("a@example.no", "Hei", "Teksten")
        assert queued_mails() == [("a@example.no", "Hei", "Teksten")] and outbox == []
        db.session.commit()
    assert [m["To"] for m in outbox] == ["a@example.no"]
    [row] = rows()
    assert (row.status, row.attempts, row.body) == ("sent", 1, "")  # the body is not kept
    assert outbox[0]["Message-ID"] == row.message_id


def test_a_rollback_leaves_no_row_and_sends_nothing(app, db, outbox):
    with app.test_request_context():
        queue_mail_to("a@example.no", "Hei", "Teksten")
        db.session.flush()  # even once written, the rollback takes it back
        db.session.rollback()
        assert queued_mails() == []
        db.session.commit()
    assert outbox == [] and rows() == []


def test_a_savepoint_does_not_send_before_the_real_commit(app, db, outbox):
    with app.test_request_context():
        savepoint = db.session.begin_nested()
        queue_mail_to("a@example.no", "Hei", "Teksten")
        savepoint.commit()
        assert outbox == []
        db.session.commit()
    assert len(outbox) == 1


def test_a_temporary_failure_is_retried_with_back_off_until_it_goes_through(
        app, db, runner, scripted_smtp, point_mail_at, frozen, caplog):
    point_mail_at(scripted_smtp.port, MAIL_RETRY_SECONDS=60)
    scripted_smtp.script[:] = [TRY_LATER, TRY_LATER]
    with app.test_request_context():
        queue_mail_to("kari@example.no", "Hei", "Teksten")
        db.session.commit()  # the request's commit: the first attempt is refused
    [row] = rows()
    assert (row.status, row.attempts) == ("pending", 1) and "451" in row.last_error
    assert "example.no" not in row.last_error
    assert "not sent (attempt 1), retrying in 60 s" in caplog.text

    frozen(61)
    assert runner.invoke(mail_cli, ["worker", "--once"]).exit_code == 0
    assert (rows()[0].status, rows()[0].attempts) == ("pending", 2)  # refused again: 120 s now
    frozen(150)
    runner.invoke(mail_cli, ["worker", "--once"])
    assert rows()[0].attempts == 2 and scripted_smtp.messages == []  # not due yet
    frozen(200)
    result = runner.invoke(mail_cli, ["worker", "--once"])
    assert "Sent 1 mail(s)" in result.output
    assert [m["To"] for m in scripted_smtp.messages] == ["kari@example.no"]
    assert (rows()[0].status, rows()[0].attempts, scripted_smtp.attempts) == ("sent", 3, 3)


def test_a_permanent_failure_is_kept_as_failed_logged_and_can_be_retried(
        app, db, runner, client, scripted_smtp, point_mail_at, caplog):
    point_mail_at(scripted_smtp.port)
    scripted_smtp.script[:] = ["550 5.1.1 <kari@example.no>: no such user"]
    with app.test_request_context():
        queue_mail_to("kari@example.no", "Hei", "Teksten")
        db.session.commit()
    [row] = rows()
    assert (row.status, row.body) == ("failed", "Teksten")  # kept, not lost
    assert row.last_error == "550 5.1.1 <address>: no such user"
    assert any(r.levelno == logging.ERROR and "failed for good" in r.getMessage()
               for r in caplog.records)
    assert runner.invoke(mail_cli, ["worker", "--once"]).output.startswith("Sent 0")

    status = runner.invoke(mail_cli, ["status"])
    assert status.exit_code == 1 and "failed 1" in status.output
    health = client.get("/helse").get_json()
    assert health["mail"]["failed"] == 1 and "kari" not in str(health)

    assert "1 failed mail(s) queued again" in runner.invoke(mail_cli, ["retry"]).output
    runner.invoke(mail_cli, ["worker", "--once"])
    assert [m["To"] for m in scripted_smtp.messages] == ["kari@example.no"]
    assert runner.invoke(mail_cli, ["status", "--json"]).exit_code == 0


def test_after_the_last_attempt_a_temporary_failure_ends_as_failed(
        app, db, runner, scripted_smtp, point_mail_at, frozen):
    point_mail_at(scripted_smtp.port, MAIL_MAX_ATTEMPTS=2, MAIL_RETRY_SECONDS=1)
    scripted_smtp.script[:] = [TRY_LATER, TRY_LATER, TRY_LATER]
    with app.test_request_context():
        queue_mail_to("kari@example.no", "Hei", "Teksten")
        db.session.commit()
    frozen(5)
    runner.invoke(mail_cli, ["worker", "--once"])
    assert (rows()[0].status, rows()[0].attempts, rows()[0].body) == ("failed", 2, "Teksten")


def test_a_mail_a_crashed_process_left_in_sending_is_sent_by_the_sweep(
        app, db, runner, outbox, frozen):
    with app.test_request_context():
        queue_mail_to("kari@example.no", "Hei", "Teksten")
        row = MailOutbox(to_address="per@example.no", subject="Hei", body="B", message_id="<m@x>",
                         status="sending", attempts=1, claimed_until=clock.utcnow())
        db.session.add(row)
        db.session.commit()
    assert len(outbox) == 1  # the claimed one waits for its claim to run out
    frozen(1)
    runner.invoke(mail_cli, ["worker", "--once"])
    assert sorted(m["To"] for m in outbox) == ["kari@example.no", "per@example.no"]


def test_in_worker_mode_the_response_does_not_wait_for_smtp(make_app, db, scripted_smtp):
    threaded = make_app(MAIL_DELIVERY="thread", MAIL_SERVER="127.0.0.1",
                        MAIL_PORT=scripted_smtp.port, MAIL_TIMEOUT=20)
    scripted_smtp.hold.clear()  # the SMTP server answers only when the test says so
    started = time.monotonic()
    response = submit(threaded.test_client(), "/konto/registrer", {
        "email": "kari@example.no", "display_name": "Kari", "password": "Lang-og-trygg-2026",
        "confirm": "Lang-og-trygg-2026"})
    elapsed = time.monotonic() - started
    assert response.status_code == 200 and elapsed < 10
    assert wait_for(lambda: scripted_smtp.attempts == 1), "the worker thread did not connect"
    assert scripted_smtp.messages == [] and rows()[0].status == "sending"
    scripted_smtp.hold.set()
    assert wait_for(lambda: scripted_smtp.messages)
    assert scripted_smtp.messages[0]["To"] == "kari@example.no"
    assert wait_for(lambda: rows()[0].status == "sent")


def test_the_worker_thread_retries_until_the_mail_goes_through(make_app, db, scripted_smtp):
    threaded = make_app(MAIL_DELIVERY="thread", MAIL_SERVER="127.0.0.1",
                        MAIL_PORT=scripted_smtp.port, MAIL_RETRY_SECONDS=0.05,
                        MAIL_SWEEP_SECONDS=0.2)
    scripted_smtp.script[:] = [TRY_LATER, TRY_LATER]
    with threaded.app_context():
        queue_mail_to("kari@example.no", "Hei", "Teksten")
        _db.session.commit()
        assert wait_for(lambda: scripted_smtp.messages), "not sent after two refusals"
        assert scripted_smtp.attempts == 3 and mail_body(scripted_smtp.messages[0]).strip() == "Teksten"
        assert wait_for(lambda: rows()[0].status == "sent")
        assert rows()[0].attempts == 3


def test_with_redis_the_mail_is_an_rq_job_on_the_queue_mail(make_app, db, redis_url,
                                                             scripted_smtp):
    queued = make_app(REDIS_URL=redis_url, MAIL_DELIVERY="rq",
                      MAIL_SERVER="127.0.0.1", MAIL_PORT=scripted_smtp.port)
    with queued.app_context():
        assert jobs.delivery_mode() == "rq"
        mail_queue = jobs.rq_queue(queued)
        mail_queue.empty()
        queue_mail_to("kari@example.no", "Hei", "Teksten")
        _db.session.commit()
        assert mail_queue.count == 1 and scripted_smtp.messages == []
        jobs.run_worker(queued, once=True)  # what `flask mail worker --once` does
        assert mail_queue.count == 0
        assert [m["To"] for m in scripted_smtp.messages] == ["kari@example.no"]
        assert rows()[0].status == "sent"


def test_the_delivery_mode_defaults(app, monkeypatch):
    assert jobs.delivery_mode(app) == "inline"  # testing
    monkeypatch.setattr(app, "testing", False)
    assert jobs.delivery_mode(app) == "thread"
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")
    assert jobs.delivery_mode(app) == "rq"
    monkeypatch.setitem(app.config, "MAIL_DELIVERY", "inline")
    assert jobs.delivery_mode(app) == "inline"


@pytest.mark.postgres
def test_two_workers_never_send_one_mail_twice(app, db, outbox):
    with app.test_request_context():
        for n in range(30):
            _db.session.add(MailOutbox(to_address=f"p{n}@example.no", subject="Hei", body="B",
                                       message_id=f"<{n}@x>", status="pending", attempts=1,
                                       next_attempt_at=clock.utcnow()))
        _db.session.commit()
    go = threading.Barrier(2)
    sent = []

    def worker():
        with app.app_context():
            go.wait()
            while (count := sweep(limit=5)):
                sent.append(count)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    addresses = [m["To"] for m in outbox]
    assert len(addresses) == 30 and len(set(addresses)) == 30 and sum(sent) == 30
    assert {(r.status, r.attempts) for r in rows()} == {("sent", 2)}




def test_the_running_worker_sends_what_falls_due_and_stops_when_told(app, db, outbox,
                                                                    point_mail_at):
    point_mail_at(app.config["MAIL_PORT"], MAIL_SWEEP_SECONDS=0.05)
    stop = threading.Event()

    def run():
        with app.app_context():
            jobs.run_worker(app, stop=stop)

    runner_thread = threading.Thread(target=run)
    runner_thread.start()
    try:
        with app.app_context():
            _db.session.add(MailOutbox(to_address="sen@example.no", subject="Hei", body="B",
                                       message_id="<late@x>", status="pending", attempts=1,
                                       next_attempt_at=clock.utcnow()))
            _db.session.commit()
        assert wait_for(lambda: outbox), "the worker did not pick up the due mail"
    finally:
        stop.set()
        runner_thread.join(10)
    assert not runner_thread.is_alive() and outbox[0]["To"] == "sen@example.no"


def test_in_thread_mode_the_first_request_starts_the_sweeping_worker(make_app, db, scripted_smtp):
    threaded = make_app(MAIL_DELIVERY="thread", MAIL_SERVER="127.0.0.1",
                        MAIL_PORT=scripted_smtp.port, MAIL_SWEEP_SECONDS=0.05)
    jobs.init_app(threaded)
    with threaded.app_context():  # left behind by a process that crashed after its commit
        _db.session.add(MailOutbox(to_address="igjen@example.no", subject="Hei", body="B",
                                   message_id="<left@x>", status="pending", attempts=0))
        _db.session.commit()
    assert threaded.test_client().get("/helse").status_code == 200
    assert wait_for(lambda: scripted_smtp.messages), "no worker swept the outbox"
