"""`flask retention run [--dry-run] [--municipality SLUG]`: anonymise the answers whose time is up
(see retention.py). Registered by app/cli.py: `app.cli.add_command(retention)`."""
from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.core.extensions import db
from app.municipalities.models import Municipality
from app.privacy import retention as rules


@click.group(cls=AppGroup, help="Retention of personal data in answers (privacy).")
def retention():
    pass


@retention.command("run")
@click.option("--dry-run", is_flag=True, help="Say what would be anonymised; change nothing.")
@click.option("--municipality", "slug", metavar="SLUG", help="Only this municipality.")
def run(dry_run: bool, slug: str | None):
    """Anonymise personal data in the answers of consultations and surveys that closed more than
    the municipality's retention_days ago and whose answers were exported for the archive.
    Idempotent: what is done is not due again."""
    query = select(Municipality).where(Municipality.retention_days.is_not(None))
    if slug:
        query = select(Municipality).where(Municipality.slug == slug)
    towns = db.session.scalars(query.order_by(Municipality.slug)).all()
    if slug and not towns:
        click.echo(f"Error: no municipality {slug!r}", err=True)
        sys.exit(1)
    if slug and not towns[0].retention_days:
        click.echo(f"{slug}: no retention period is set; nothing is anonymised.")
        return
    due = rules.plan(towns)
    if not due:
        click.echo("Nothing is due.")
        return
    if dry_run:
        for item in due:
            click.echo(f"would anonymise {item.answers} answer(s) of {item.label}")
        click.echo(f"Dry run: {sum(i.answers for i in due)} answer(s) in {len(due)} item(s) "
                   "would be anonymised; nothing was changed.")
        return
    total = 0
    with click.progressbar(due, label="Anonymising", item_show_func=lambda i: i.label if i else "",
                           file=sys.stderr) as bar:
        for item in bar:
            total += rules.apply(item)
            db.session.commit()
    click.echo(f"Anonymised {total} answer(s) in {len(due)} item(s).")
