"""A municipality's public pages: its home page. (Its privacy page is the privacy area's:
`tenant.privacy.notice`, app/privacy.)"""
from __future__ import annotations

from flask import g, render_template

from app.core.cache import cached_page
from app.municipalities import bp


@bp.route("/")
@cached_page
def home():
    # Imported here because of a real cycle: an area's models import app.municipalities.models,
    # which runs this package's __init__ (and so this module); app.network.queries imports those
    # areas' models. The network sits on top of the areas; this page borrows its list.
    from app.network.queries import open_for_input

    return render_template("municipalities/home.html", open_items=open_for_input([g.municipality]))

