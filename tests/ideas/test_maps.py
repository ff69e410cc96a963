"""Maps (issue 11): off unless configured, the CSP follows the map services, the idea form keeps
its typed fields, the idea page and the list's map view (?visning=kart) show only what they may.

The map in the browser (Leaflet, tiles and address search from loopback servers) is in
tests/browser/test_map.py."""
from __future__ import annotations

import html
import json
import re
import urllib.request

import pytest
from sqlalchemy import select

from app.ideas.models import Idea
from app.moderation.models import ModerationState
from tests.conftest import submit
from tests.ideas.factories import create_idea
from tests.mapservers import AddressServer, TileServer
from tests.queries import recorded_queries

TILES = "https://tiles.example.no/wmts/{z}/{y}/{x}.png"
ADDRESSES = "https://adresser.example.no/adresser/v1/sok"
#: the list's map view, as an anonymous reader: the municipality, its themes, the markers
MAP_VIEW_BUDGET = 3


@pytest.fixture
def maps_on(app):
    saved = {key: app.config.get(key) for key in ("MAP_TILE_URL", "MAP_ADDRESS_SEARCH_URL")}
    app.config.update(MAP_TILE_URL=TILES, MAP_ADDRESS_SEARCH_URL=ADDRESSES)
    yield app
    app.config.update(saved)


@pytest.fixture
def asker(make_municipality, make_user):
    municipality = make_municipality("Asker")
    return municipality, make_user(role="resident", municipality=municipality)


def csp_of(response) -> dict[str, str]:
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
            for part in (p.strip() for p in response.headers["Content-Security-Policy"].split(";"))}


def test_maps_are_off_when_unset(client, auth, db, asker):
    municipality, user = asker
    idea = create_idea(municipality, user, state=ModerationState.published,
                       latitude=59.83, longitude=10.43, place_text="Torget")
    csp = csp_of(client.get("/asker/ideer/"))
    assert csp["img-src"] == "'self' data:" and csp["connect-src"] == "'self'"
    for path in ("/asker/ideer/", f"/asker/ideer/{idea.id}", "/asker/ideer/?visning=kart"):
        page = client.get(path).get_data(as_text=True)
        assert "leaflet" not in page and "data-map" not in page, path
    assert 'class="idea-list"' in client.get("/asker/ideer/?visning=kart").get_data(as_text=True)
    auth.login(user)
    form = client.get("/asker/ideer/ny").get_data(as_text=True)
    assert "leaflet" not in form and 'id="address-search"' not in form
    assert 'id="latitude"' in form and 'id="longitude"' in form and 'id="place_text"' in form


def test_the_csp_opens_for_the_configured_services_only(app, client, maps_on, asker):
    csp = csp_of(client.get("/asker/ideer/"))
    assert csp["img-src"] == "'self' data: https://tiles.example.no"
    assert csp["connect-src"] == "'self' https://adresser.example.no"
    assert csp["script-src"] == "'self'" and csp["frame-ancestors"] == "'none'"
    app.config["MAP_ADDRESS_SEARCH_URL"] = None  # tiles without address search
    csp = csp_of(client.get("/asker/ideer/"))
    assert csp["img-src"] == "'self' data: https://tiles.example.no" and csp["connect-src"] == "'self'"


def test_leaflet_only_on_pages_with_a_map(client, auth, db, maps_on, asker):
    municipality, user = asker
    with_point = create_idea(municipality, user, state=ModerationState.published,
                             latitude=59.83, longitude=10.43, place_text="Asker torg")
    without = create_idea(municipality, user, state=ModerationState.published)
    listing = client.get("/asker/ideer/").get_data(as_text=True)
    assert "leaflet" not in listing and "visning=kart" in listing  # the "Map" link
    page = client.get(f"/asker/ideer/{with_point.id}").get_data(as_text=True)
    assert re.search(r"vendor/leaflet/leaflet\.(\w+\.)?js", page) and 'data-map="point"' in page
    assert 'data-lat="59.83"' in page and f'data-tiles="{TILES}"' in page
    assert "Asker torg" in page and "norgeskart.no" in page  # the text alternative
    assert "leaflet" not in client.get(f"/asker/ideer/{without.id}").get_data(as_text=True)
    auth.login(user)
    form = client.get("/asker/ideer/ny").get_data(as_text=True)
    assert 'data-map="pick"' in form and f'data-search="{ADDRESSES}"' in form
    # the form's map starts at the middle of the municipality's ideas with a point
    assert 'data-lat="59.83"' in form and 'data-lon="10.43"' in form


def test_the_form_without_javascript_saves_typed_coordinates(client, auth, db, maps_on, asker):
    municipality, user = asker
    auth.login(user)
    response = submit(client, "/asker/ideer/ny", {
        "title": "Benk ved Rådhusgata", "theme": "mobilitet",
        "body": "En benk å hvile på ved rådhuset, takk.", "place_text": "Rådhusgata 1, 0151 Oslo",
        "latitude": "59,91049", "longitude": "10.73861"})
    assert response.status_code == 302
    idea = db.session.scalar(select(Idea))
    assert (idea.place_text, idea.latitude, idea.longitude) == (
        "Rådhusgata 1, 0151 Oslo", pytest.approx(59.91049), pytest.approx(10.73861))


def map_titles(page: str) -> list[str]:
    block = page.split('id="map-ideas"', 1)[1].split("</ul>", 1)[0]
    return [html.unescape(t) for t in re.findall(r'<a href="/asker/ideer/\d+">([^<]+)</a>', block)]


def test_the_map_view_shows_published_ideas_of_this_municipality_with_a_point(
        app, client, db, maps_on, asker, make_municipality, make_user):
    municipality, user = asker
    other = make_municipality("Bærum")
    point = {"latitude": 59.83, "longitude": 10.43}
    create_idea(municipality, user, title="Publisert med punkt", place_text="Torget",
                state=ModerationState.published, **point)
    create_idea(municipality, user, title="Publisert uten punkt", state=ModerationState.published)
    for state in (ModerationState.pending, ModerationState.hidden, ModerationState.rejected):
        create_idea(municipality, user, title=f"Ikke offentlig {state.value}", state=state, **point)
    create_idea(other, make_user(role="resident", municipality=other), title="Idé i Bærum",
                state=ModerationState.published, latitude=59.89, longitude=10.52)
    create_idea(municipality, user, title="Sykkel ved skolen", theme="kommunikasjon",
                state=ModerationState.published, latitude=59.84, longitude=10.44)

    page = client.get("/asker/ideer/?visning=kart").get_data(as_text=True)
    assert sorted(map_titles(page)) == ["Publisert med punkt", "Sykkel ved skolen"]
    assert 'data-map="list"' in page and 'data-lat="59.84"' in page
    switch = page.split('class="view-switch"', 1)[1].split("</nav>")[0]
    assert 'href="/asker/ideer/"' in switch
    assert 'href="/asker/ideer/?visning=kart" aria-current="page"' in switch
    assert 'name="visning" value="kart"' in page  # the filter form stays on the map
    assert "Torget" in page  # places are in the text alternative
    filtered = client.get("/asker/ideer/?visning=kart&tema=kommunikasjon").get_data(as_text=True)
    assert map_titles(filtered) == ["Sykkel ved skolen"]
    assert 'href="/asker/ideer/?tema=kommunikasjon"' in filtered  # "List" keeps the filter
    assert 'href="/asker/ideer/?visning=kart">' in filtered  # "Clear filters" stays on the map

    app.config["MAP_LIST_LIMIT"] = 1
    try:
        assert map_titles(client.get("/asker/ideer/?visning=kart").get_data(as_text=True)) == [
            "Sykkel ved skolen"]  # the newest
    finally:
        app.config["MAP_LIST_LIMIT"] = 500


def test_the_map_view_without_ideas_with_a_place(client, db, maps_on, asker):
    page = client.get("/asker/ideer/?visning=kart&lang=en").get_data(as_text=True)
    assert "No ideas have a place on the map yet." in page and "leaflet" not in page


def test_the_map_view_costs_the_same_with_few_or_many_ideas(client, db, maps_on, asker):
    municipality, user = asker
    counts = []
    for _ in range(2):
        for n in range(6):
            create_idea(municipality, user, state=ModerationState.published,
                        latitude=59.8 + n / 100, longitude=10.4 + n / 100)
        with recorded_queries(db.engine) as statements:
            assert client.get("/asker/ideer/?visning=kart").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1] <= MAP_VIEW_BUDGET, counts


def test_loopback_servers_answer_like_kartverket():
    with TileServer() as tiles, AddressServer() as addresses:
        tile = urllib.request.urlopen(tiles.template.format(z=12, y=1190, x=2158))
        assert tile.headers["Content-Type"] == "image/png" and tile.read()[:4] == b"\x89PNG"
        assert tiles.tiles() == ["/tiles/12/1190/2158.png"]
        answer = json.load(urllib.request.urlopen(
            f"{addresses.url}?sok=R%C3%A5dhusgata%201%20Oslo&treffPerSide=5"))
        hit = answer["adresser"][0]
        assert (hit["adressetekst"], hit["postnummer"], hit["poststed"]) == (
            "Rådhusgata 1", "0151", "OSLO")
        assert hit["representasjonspunkt"]["lat"] == pytest.approx(59.91049)
