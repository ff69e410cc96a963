"""Command line: `flask --app wsgi municipalities|users|demo-data|translate ...`."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from flask_babel import force_locale
from sqlalchemy import select

from app.accounts.models import Role
from app.accounts.services import AccountError, create_user
from app.core.mail_cli import mail
from app.core.extensions import db
from app.demo import load_demo_data
from app.municipalities.importer import ImportProblem, import_municipalities
from app.municipalities.models import Municipality


def register(app: Flask) -> None:
    app.cli.add_command(municipalities)
    app.cli.add_command(users)
    app.cli.add_command(demo_data)
    app.cli.add_command(mail)


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


@click.group(cls=AppGroup, help="Manage the municipalities (tenants).")
def municipalities():
    pass


@municipalities.command("import")
@click.argument("classification", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--malform", "malform", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Målform CSV (kommunenummer;kommunenavn;malform;nettsted).")
def import_command(classification: Path, malform: Path | None):
    """Create or update municipalities from an SSB classification 131 CSV (idempotent)."""
    count = {"n": 0}

    def progress(row):
        count["n"] += 1
        if count["n"] % 50 == 0:
            click.echo(f"  … {count['n']} read", err=True)

    try:
        result = import_municipalities(
            classification.read_bytes(), malform.read_bytes() if malform else None,
            classification_name=classification.name,
            malform_name=malform.name if malform else "malform", progress=progress)
    except ImportProblem as problem:
        db.session.rollback()
        _fail(f"{problem}. Nothing was imported.")
    db.session.commit()
    click.echo(f"Municipalities: {len(result.created)} created, {len(result.updated)} updated, "
               f"{result.unchanged} unchanged.")


@municipalities.command("activate")
@click.argument("slugs", nargs=-1, required=True)
@click.option("--off", is_flag=True, help="Deactivate instead.")
def activate_command(slugs: tuple[str, ...], off: bool):
    """Let municipalities take part in the network (their pages go live)."""
    for slug in slugs:
        municipality = db.session.scalar(select(Municipality).where(Municipality.slug == slug))
        if municipality is None:
            db.session.rollback()
            _fail(f"no municipality with slug {slug!r}")
        municipality.is_active = not off
    db.session.commit()
    click.echo(f"{len(slugs)} municipalit{'y' if len(slugs) == 1 else 'ies'} "
               f"{'deactivated' if off else 'activated'}.")


@click.group(cls=AppGroup, help="Manage accounts.")
def users():
    pass


@users.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--name", "display_name")
@click.option("--municipality", "slug", help="Slug of the municipality for --role.")
@click.option("--role", type=click.Choice(["resident", "moderator", "admin"]))
@click.option("--network-admin", is_flag=True)
def create_user_command(email, password, display_name, slug, role, network_admin):
    """Create a verified account and its role."""
    if role and not slug:
        _fail("--role needs --municipality")
    municipality = None
    if slug:
        municipality = db.session.scalar(select(Municipality).where(Municipality.slug == slug))
        if municipality is None:
            _fail(f"no municipality with slug {slug!r} (import municipalities first)")
    try:
        with force_locale("en"):  # the command line speaks English, like its help
            user = create_user(email, password, display_name, municipality=municipality,
                               role=Role(role) if role else None, network_admin=network_admin)
    except AccountError as error:
        db.session.rollback()
        _fail(str(error))
    db.session.commit()
    where = f" as {role or 'resident'} in {slug}" if slug else ""
    click.echo(f"Created {user.email}{where}{' (network admin)' if network_admin else ''}.")


@click.command("demo-data", help="Load demo municipalities, accounts and content (idempotent).")
@with_appcontext
def demo_data():
    logins = load_demo_data(echo=lambda text: click.echo(text, err=True))
    db.session.commit()
    click.echo("Demo log-ins (password for all: %s):" % logins["password"])
    for email, what in logins["accounts"]:
        click.echo(f"  {email:38} {what}")
