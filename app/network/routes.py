"""The network's own pages: the front page, themes and goals, experiences of every member,
/k/<kommunenummer>, privacy, accessibility, health."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for

from app.core.cache import cached_page
from app.core.pagination import page_number
from app.core.vocabulary import SDGS, THEMES, sdg_label, theme_label
from app.experiences.queries import find_published, latest_published, parse_filters
from app.municipalities.permissions import is_listed
from app.municipalities.queries import active_municipalities, by_number as municipality_by_number
from app.network import bp
from app.network.queries import (
    Topic, counts_about, done_about, network_figures, open_for_input,
)

#: how many experiences the front page and a theme or goal page show
EXPERIENCES_SHOWN = 4


@bp.route("/")
@cached_page
def index():
    municipalities = active_municipalities()
    return render_template("network/index.html", municipalities=municipalities,
                           open_items=open_for_input(municipalities, limit=12),
                           experiences=latest_published(EXPERIENCES_SHOWN),
                           figures=network_figures(municipalities))


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
    from app.core.health import health_response  # the view is operations' (app/core/health.py)

    return health_response()


@bp.route("/tema/")
def themes():
    return render_template("network/themes.html")


@bp.route("/tema/<key>/")
@cached_page
def theme(key: str):
    """A theme across the network: open now, done, counts per member, latest experiences."""
    if key not in THEMES:
        abort(404)
    return _topic_page(Topic(theme=key), heading=theme_label(key))


@bp.route("/mal/")
def goals():
    return render_template("network/goals.html")


@bp.route("/mal/<int:number>/")
@cached_page
def goal(number: int):
    """A goal across the network: open now, done, counts per member, latest experiences."""
    if number not in SDGS:
        abort(404)
    return _topic_page(Topic(goal=number), heading=f"{number}. {sdg_label(number)}")


def _topic_page(topic: Topic, heading: str):
    municipalities = active_municipalities()
    return render_template(
        "network/topic.html", topic=topic, heading=heading,
        open_items=open_for_input(municipalities, topic=topic),
        done=done_about(topic, municipalities), counts=counts_about(topic, municipalities),
        experiences=latest_published(EXPERIENCES_SHOWN, theme=topic.theme, goal=topic.goal))


@bp.route("/erfaringer/")
def experiences():
    """Published experiences of every member, filtered by theme, goal and municipality."""
    filters = parse_filters(request.args)
    municipalities = active_municipalities()
    page = find_published(filters, page_number())
    return render_template("network/experiences.html", page=page, filters=filters,
                           municipalities=municipalities)
