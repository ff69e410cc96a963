"""`flask search reindex`: rebuild the search index from every item."""
from __future__ import annotations

import click

from app.core.extensions import db
from app.search import bp, index


@bp.cli.command("reindex")
def reindex() -> None:
    """Rebuild the search index (search_entries) from every idea, consultation, vote, survey and
    experience."""
    total = index.count_items()
    with click.progressbar(length=total, label="Indexing", show_pos=True) as bar:
        entries = index.rebuild(bar.update)
    db.session.commit()
    click.echo(f"{entries} of {total} items are visible and searchable.")
