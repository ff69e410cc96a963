"""A municipality's public pages: its home page and its stylesheet. (Its privacy page is the
privacy area's: `tenant.privacy.notice`, app/privacy.)"""
from __future__ import annotations

from flask import Response, g, render_template, request

from app.core.cache import cached_page
from app.municipalities import bp, queries
from app.municipalities.identity import accent_tokens

#: a stylesheet asked for with its current version is the same for as long as the colour is
STYLE_MAX_AGE = 365 * 24 * 60 * 60
#: asked for without it (or with an old one): what the colour is now, for a short while
STYLE_SHORT_AGE = 300


@bp.route("/")
@cached_page
def home():
    # Imported here because of a real cycle: an area's models import app.municipalities.models,
    # which runs this package's __init__ (and so this module); app.network.queries imports those
    # areas' models. The network sits on top of the areas; this page borrows its list.
    from app.network.queries import open_for_input

    municipality = g.municipality
    return render_template(
        "municipalities/home.html", open_items=open_for_input([municipality]),
        header=queries.image_of(municipality, municipality.header_image_id),
        ideas=queries.recent_ideas(municipality), earlier=queries.earlier_input(municipality))


@bp.route("/stil.css")
def stylesheet():
    """The municipality's accent colour as Designsystemet's accent tokens; linked from every
    page of the municipality as `stil.css?v=<version>` (see Municipality.style_version)."""
    municipality = g.municipality
    css = render_template("municipalities/identity.css", municipality=municipality,
                          tokens=accent_tokens(municipality.accent_color)
                          if municipality.accent_color else None)
    response = Response(css, mimetype="text/css")
    current = municipality.style_version and request.args.get("v") == municipality.style_version
    response.cache_control.public = True
    response.cache_control.max_age = STYLE_MAX_AGE if current else STYLE_SHORT_AGE
    if current:
        response.cache_control.immutable = True
    return response
