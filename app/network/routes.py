"""The network's own pages: the front page, /k/<kommunenummer>, privacy, accessibility, health."""
from __future__ import annotations

from flask import abort, redirect, render_template, url_for

from app.municipalities.permissions import is_listed
from app.municipalities.queries import active_municipalities, by_number as municipality_by_number
from app.network import bp
from app.network.queries import open_for_input


@bp.route("/")
def index():
    municipalities = active_municipalities()
    return render_template("network/index.html", municipalities=municipalities,
                           open_items=open_for_input(municipalities, limit=12))


@bp.route("/k/<number>")
def by_number(number: str):
    municipality = municipality_by_number(number)
    if not is_listed(municipality):
        abort(404)
    return redirect(url_for("tenant.municipalities.home", municipality=municipality.slug), 301)


@bp.route("/personvern")
def privacy():
    return render_template("network/privacy.html")


@bp.route("/tilgjengelighet")
def accessibility():
    return render_template("network/accessibility.html")


@bp.route("/helse")
def health():
    return {"status": "ok"}


@bp.route("/tema/<key>/")
def theme(key: str):
    """A theme's page across the network (filled in by the network work)."""
    from app.core.vocabulary import THEMES
    if key not in THEMES:
        abort(404)
    return render_template("network/theme.html", key=key)


@bp.route("/mal/<int:number>/")
def goal(number: int):
    """A goal's page across the network (filled in by the network work)."""
    from app.core.vocabulary import SDGS
    if number not in SDGS:
        abort(404)
    return render_template("network/goal.html", number=number)
