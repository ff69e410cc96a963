"""The app as served for the benchmark, with a bare endpoint to compare against, and two floors:
what any page that reads the database, and any page in the layout, costs before its content."""
import os

from flask import abort, g, render_template
from sqlalchemy import text

from app import create_app
from app.core.extensions import db

app = create_app()
# All the load comes from one address: lift the per-address limits of the pages it loads.
for setting in ("EMBED_VIEW_RATE_LIMIT", "SEARCH_RATE_LIMIT", "SURVEY_ANSWER_RATE_LIMIT"):
    app.config[setting] = "1000000 per minute"

#: the layout (base.html: header, navigation, language switch, footer) around a heading
_EMPTY_PAGE = app.jinja_env.from_string(
    '{% extends "base.html" %}{% block content %}<h1>Tinget</h1>{% endblock %}')


@app.route("/bench/bare")
def bare():
    """The cheapest response the same app, server and middleware can give."""
    return os.environ.get("BENCH_TOKEN", "ok")


@app.route("/bench/db")
def five_queries():
    """Floor: five trivial queries through the app's session (a list page runs five)."""
    for _ in range(5):
        db.session.execute(text("SELECT 1"))
    return os.environ.get("BENCH_TOKEN", "ok")


@app.route("/bench/layout/<slug>")
def empty_page(slug: str):
    """Floor: a municipality's page with nothing in it, its row read as every page reads it."""
    from app.core.tenancy import _active_tenant

    g.municipality = _active_tenant(slug) or abort(404)
    return render_template(_EMPTY_PAGE)
