"""A municipality's public pages: its home page and its privacy page."""
from __future__ import annotations

from flask import g, render_template

from app.municipalities import bp


@bp.route("/")
def home():
    # Imported here because of a real cycle: an area's models import app.municipalities.models,
    # which runs this package's __init__ (and so this module); app.network.queries imports those
    # areas' models. The network sits on top of the areas; this page borrows its list.
    from app.network.queries import open_for_input

    return render_template("municipalities/home.html", open_items=open_for_input([g.municipality]))


@bp.route("/personvern")
def privacy():
    return render_template("municipalities/privacy.html")
