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
