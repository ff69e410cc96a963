"""Maps in Chromium (issue 11, item 3), with loopback stand-ins for Kartverket's tile cache and
address search (tests/mapservers.py): the idea form's map and address search by keyboard, the
idea's page with its map, and the list's map view; axe (WCAG 2.1 AA) on all three."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.ideas.models import Idea
from app.moderation.models import ModerationState
from tests.browser.conftest import log_in
from tests.browser.test_axe import axe_violations
from tests.ideas.factories import create_idea
from tests.mapservers import AddressServer, TileServer

pytestmark = pytest.mark.browser


@pytest.fixture
def map_servers(app):
    keys = ("MAP_TILE_URL", "MAP_ADDRESS_SEARCH_URL")
    saved = {key: app.config.get(key) for key in keys}
    with TileServer() as tiles, AddressServer() as addresses:
        app.config.update(MAP_TILE_URL=tiles.template, MAP_ADDRESS_SEARCH_URL=addresses.url)
        yield tiles, addresses
    app.config.update(saved)


def test_place_an_idea_by_keyboard_and_see_it_on_the_maps(db, open_page, make_municipality,
                                                          make_user, map_servers):
    tiles, addresses = map_servers
    asker = make_municipality("Asker")
    author = make_user(role="resident", municipality=asker)
    create_idea(asker, author, title="Benker ved Asker torg", place_text="Asker torg",
                state=ModerationState.published, latitude=59.8336, longitude=10.4358)

    page = open_page(viewport={"width": 1280, "height": 900})
    log_in(page, author.email, lang="en")
    page.goto("/asker/ideer/ny")
    page.wait_for_selector("#idea-map .leaflet-tile-loaded")
    assert page.is_visible("#address-search")
    page.fill("#title", "Benk ved rådhuset")
    page.fill("#body", "En benk å hvile på ved rådhuset i Oslo, takk.")
    page.select_option("#theme", "mobilitet")

    # The map by keyboard: move it, then place the marker at its centre.
    page.focus("#idea-map")
    page.keyboard.press("ArrowRight")
    page.focus("#map-place-centre")
    page.keyboard.press("Enter")
    assert page.input_value("#latitude") and page.input_value("#longitude")
    assert "The marker is placed" in page.inner_text("#map-pick-status")

    # The address search by keyboard: two hits, the live region says so; choose the first.
    page.focus("#address-search")
    page.keyboard.type("Rådhusgata 1")
    page.keyboard.press("Enter")
    page.wait_for_selector("#address-hits button")
    page.wait_for_function("document.querySelectorAll('#address-hits button').length === 2")
    assert "2 addresses found" in page.inner_text("#address-status")
    assert any("sok=R%C3%A5dhusgata+1" in path and "treffPerSide=5" in path
               for path in addresses.requests)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.textContent") == "Rådhusgata 1, 0151 Oslo"
    assert not axe_violations(page)
    page.keyboard.press("Enter")
    assert page.input_value("#place_text") == "Rådhusgata 1, 0151 Oslo"
    assert page.input_value("#latitude") == "59.91049"
    assert page.input_value("#longitude") == "10.73861"
    assert "Chosen: Rådhusgata 1, 0151 Oslo" in page.inner_text("#address-status")

    with page.expect_navigation():
        page.click("main form [type=submit]")
    idea = db.session.scalar(select(Idea).where(Idea.title == "Benk ved rådhuset"))
    assert (idea.place_text, idea.latitude, idea.longitude) == (
        "Rådhusgata 1, 0151 Oslo", pytest.approx(59.91049), pytest.approx(10.73861))

    # The idea's page: its map, with tiles from the tile server and the marker.
    assert re.search(rf"/asker/ideer/{idea.id}$", page.url)
    page.wait_for_selector(".map-point .leaflet-tile-loaded")
    page.wait_for_selector(".map-point .leaflet-marker-icon")
    assert any(path.startswith("/tiles/15/") for path in tiles.tiles())  # the page's zoom
    assert page.locator(".map-point img.leaflet-tile").first.get_attribute("src").startswith(
        tiles.origin)
    assert "Rådhusgata 1, 0151 Oslo" in page.inner_text("main")  # the text alternative
    assert not axe_violations(page)

    # The list's map view: a marker per idea with a point, whose popup links to the idea.
    page.goto("/asker/ideer/?visning=kart")
    page.wait_for_selector(".map-list .leaflet-tile-loaded")
    assert page.locator(".map-list .leaflet-marker-icon").count() == 2
    page.locator(".map-list .leaflet-marker-icon[title='Benk ved rådhuset']").click()
    popup_link = page.locator(".leaflet-popup-content a")
    assert popup_link.inner_text() == "Benk ved rådhuset"
    assert popup_link.get_attribute("href").endswith(f"/asker/ideer/{idea.id}")
    assert not axe_violations(page)
