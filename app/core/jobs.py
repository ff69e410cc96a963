"""Who sends the outbox's mail after the commit: inline, a worker thread, or RQ on Redis.

MAIL_DELIVERY chooses (default: `rq` with REDIS_URL, else `thread`; `inline` when TESTING):

- `inline`: right after the commit, in the same thread (the tests' loopback SMTP server sees the
  mail as soon as the request returns). Still through the outbox row.
- `thread`: a daemon thread per process, started lazily, gets the ids from a queue and sends
  them; between mails it sweeps the outbox every MAIL_SWEEP_SECONDS (retries, rows left by a
  crashed process).
- `rq`: an RQ job on the queue "mail" per mail (`rq worker mail` or `flask mail worker` runs it);
  `flask mail worker` also sweeps, so a mail whose job was lost is still sent.
"""
from __future__ import annotations

import atexit
import logging
import os
import queue
import signal
import threading
import time

from flask import Flask, current_app, has_app_context

from app.core import outbox
from app.core.extensions import db

log = logging.getLogger("app.mail")

QUEUE_NAME = "mail"


def delivery_mode(app: Flask | None = None) -> str:
    """inline, thread or rq, from MAIL_DELIVERY or the defaults above."""
    app = app or current_app
    mode = app.config.get("MAIL_DELIVERY")
    if mode:
        return mode
    if app.testing:
        return "inline"
    return "rq" if app.config.get("REDIS_URL") else "thread"


def hand_off(ids: list[int]) -> None:
    """Give freshly committed outbox rows to the sender; never raises (the sweep is the net)."""
    mode = delivery_mode()
    try:
        if mode == "inline":
            for outbox_id in ids:
                outbox.send_one(outbox_id, first=True)
        elif mode == "rq":
            mail_queue = rq_queue(current_app)
            for outbox_id in ids:
                mail_queue.enqueue(send_mail_job, outbox_id, job_timeout=outbox.CLAIM_SECONDS // 2)
        else:
            worker = worker_thread(current_app._get_current_object())
            for outbox_id in ids:
                worker.ids.put(outbox_id)
    except Exception:  # noqa: BLE001 -- the rows are committed; the sweep sends them later
        log.exception("Could not hand %s mail(s) to the %s sender; the sweep will send them",
                      len(ids), mode)


def init_app(app: Flask) -> None:
    """In thread mode, start the worker thread with a process's first request, so its sweep also
    runs in a process that has sent nothing yet (mail a crashed process left behind)."""
    if app.extensions.get("tinget_jobs"):
        return
    app.extensions["tinget_jobs"] = True

    @app.before_request
    def _start_mail_worker() -> None:
        if (os.getpid(), id(app)) not in _threads and delivery_mode(app) == "thread":
            worker_thread(app)


# --- RQ -------------------------------------------------------------------------------------

def redis_connection(app: Flask):
    from redis import Redis

    connection = app.extensions.get("tinget_redis")
    if connection is None:
        connection = Redis.from_url(app.config["REDIS_URL"], socket_timeout=5,
                                    socket_connect_timeout=2)
        app.extensions["tinget_redis"] = connection
    return connection


def rq_queue(app: Flask):
    from rq import Queue

    return Queue(QUEUE_NAME, connection=redis_connection(app))


_job_app: Flask | None = None


def send_mail_job(outbox_id: int) -> str | None:
    """The RQ job: send one outbox row. Under `rq worker mail` it builds the app itself."""
    global _job_app
    if has_app_context():
        return outbox.send_one(outbox_id)
    if _job_app is None:
        from app import create_app  # a job outside `flask mail worker` has no app yet

        _job_app = create_app()
    with _job_app.app_context():
        return outbox.send_one(outbox_id)


# --- the worker thread ----------------------------------------------------------------------

class WorkerThread(threading.Thread):
    """Sends handed-off mails and sweeps the outbox, in the background of one app process."""

    def __init__(self, app: Flask):
        super().__init__(name="tinget-mail", daemon=True)
        self.app = app
        self.ids: queue.Queue[int] = queue.Queue()

    def run(self) -> None:
        interval = float(self.app.config.get("MAIL_SWEEP_SECONDS", 30))
        with self.app.app_context():
            wait = 0.0
            while True:
                try:
                    outbox_id = self.ids.get(timeout=wait)
                    if outbox_id is None:  # stop_worker_thread
                        return
                except queue.Empty:
                    self._safely(outbox.sweep)
                    due = self._safely(outbox.next_due_in, interval)
                    wait = interval if due is None else max(due, 0.05)
                    continue
                self._safely(outbox.send_one, outbox_id, first=True)
                self.ids.task_done()

    def _safely(self, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except Exception:  # noqa: BLE001 -- the database may be away for a moment; keep going
            log.exception("Mail worker: %s failed", function.__name__)
            return None
        finally:
            db.session.remove()


_threads: dict[tuple[int, int], WorkerThread] = {}
_lock = threading.Lock()


def worker_thread(app: Flask) -> WorkerThread:
    """This process's worker thread for `app`, started on first use (again after a fork)."""
    key = (os.getpid(), id(app))
    with _lock:
        thread = _threads.get(key)
        if thread is None or not thread.is_alive():
            thread = _threads[key] = WorkerThread(app)
            thread.start()
            atexit.register(wait_until_idle, app)  # a stopping server sends what it was handed
    return thread


# --- `flask mail worker` --------------------------------------------------------------------

def run_worker(app: Flask, *, once: bool = False, stop: threading.Event | None = None,
               handle_signals: bool = False) -> int:
    """Send what is due until stopped (or once). With REDIS_URL, also work the RQ queue "mail"
    in this process between sweeps. Returns how many mails the sweeps sent. With
    `handle_signals`, SIGTERM and SIGINT stop it after the mail in hand."""
    interval = float(app.config.get("MAIL_SWEEP_SECONDS", 30))
    sent = 0
    stop = stop or threading.Event()

    def listen() -> None:  # RQ installs its own handlers while it works; take them back
        if handle_signals:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())

    listen()
    while True:
        sent += outbox.sweep()
        if app.config.get("REDIS_URL") and not stop.is_set():
            if _work_rq(app, burst=once, idle=max(1, int(interval))):
                stop.set()
            listen()
        if once or stop.is_set():
            return sent
        if not app.config.get("REDIS_URL"):
            stop.wait(outbox.next_due_in(interval))


def _work_rq(app: Flask, *, burst: bool, idle: int) -> bool:
    """Work the queue until it is empty (burst) or idle for `idle` s; True when told to stop."""
    from rq import SimpleWorker

    worker = SimpleWorker([rq_queue(app)], connection=redis_connection(app))
    worker.work(burst=burst, max_idle_time=None if burst else idle, logging_level="WARNING")
    return bool(worker._stop_requested or getattr(worker, "_shutdown_requested_date", None))


def stop_worker_thread(app: Flask, timeout: float = 5.0) -> None:
    """Stop this process's worker thread for `app` after what it was handed (tests, shutdown)."""
    with _lock:
        thread = _threads.pop((os.getpid(), id(app)), None)
    if thread is not None:
        thread.ids.put(None)
        thread.join(timeout)


def wait_until_idle(app: Flask, timeout: float = 5.0) -> bool:
    """Wait (at most `timeout` s) until this process's worker thread has no handed-off mail left."""
    thread = _threads.get((os.getpid(), id(app)))
    if thread is None:
        return True
    deadline = time.monotonic() + timeout
    while thread.ids.unfinished_tasks and time.monotonic() < deadline:
        time.sleep(0.01)
    return not thread.ids.unfinished_tasks
