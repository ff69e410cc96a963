"""`flask mail worker|status|retry`: the outbox from the command line (see app/core/jobs.py)."""
from __future__ import annotations

import json
import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from app.core import jobs, outbox


def register(app: Flask) -> None:
    app.cli.add_command(mail)


@click.group(cls=AppGroup, help="The outgoing mail queue.")
def mail():
    pass


@mail.command("worker")
@click.option("--once", is_flag=True, help="Send what is due (and, with REDIS_URL, drain the "
              "queue) once, then stop: for cron or a one-off after an outage.")
def worker_command(once: bool):
    """Send queued mail: sweeps the outbox every MAIL_SWEEP_SECONDS and, with REDIS_URL, works
    the RQ queue "mail" in between. Stops cleanly on SIGTERM/SIGINT."""
    app = current_app._get_current_object()
    if not once:
        click.echo(f"Mail worker: {jobs.delivery_mode(app)} delivery, sweeping every "
                   f"{app.config.get('MAIL_SWEEP_SECONDS', 30)} s.", err=True)
    sent = jobs.run_worker(app, once=once, handle_signals=not once)
    click.echo(f"Sent {sent} mail(s) from the outbox.")


@mail.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def status_command(as_json: bool):
    """Mails pending, being sent, failed and sent (kept MAIL_KEEP_SENT_DAYS); exits 1 when some
    have failed for good."""
    state = outbox.state()
    if as_json:
        click.echo(json.dumps(state.__dict__))
    else:
        age = "-" if state.oldest_pending_seconds is None else f"{state.oldest_pending_seconds:.0f} s"
        click.echo(f"pending {state.pending}  sending {state.sending}  failed {state.failed}  "
                   f"sent {state.sent}  oldest unsent {age}")
    sys.exit(1 if state.failed else 0)


@mail.command("retry")
def retry_command():
    """Make every failed mail pending again (after the cause is fixed); the worker sends them."""
    click.echo(f"{outbox.retry_failed()} failed mail(s) queued again.")
