"""Page weight budgets (issue 11): what a resident's browser downloads, compressed.

A first visit to the ideas list (20 idea cards, as in the demo) costs at most 60 KB of HTML, CSS and
JS together, in at most 4 requests (the page and every stylesheet and script it links; images and
map tiles apart). A later page, with the stylesheets and scripts cached (hashed names, immutable),
costs at most 15 KB. CSS and JS are sent gzip-compressed by the app itself (app/core/static.py);
the HTML is counted as gzip would send it (a reverse proxy or the server compresses it).
"""
from __future__ import annotations

import gzip
import re

from tests.ideas.factories import create_comment, create_idea

ASSETS = re.compile(r'<(?:link[^>]*\brel="stylesheet"[^>]*\bhref|script[^>]*\bsrc)="([^"]+)"')
FIRST_VISIT_BUDGET = 60 * 1024
LATER_PAGE_BUDGET = 15 * 1024
MAX_REQUESTS = 4


def html_weight(response) -> int:
    return len(gzip.compress(response.data, compresslevel=6))


def visit(client, path: str, cached: set[str]) -> dict[str, int]:
    """Bytes over the wire for one page view: the page, then each asset not in `cached`."""
    page = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200
    weights = {path: html_weight(page)}
    for asset in ASSETS.findall(page.get_data(as_text=True)):
        assert not asset.startswith(("http:", "https:", "//")), asset  # nothing from elsewhere
        if asset in cached:
            continue
        response = client.get(asset, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200, asset
        assert response.headers.get("Content-Encoding") == "gzip", f"{asset} is sent uncompressed"
        assert "immutable" in response.headers["Cache-Control"], f"{asset} has no hashed name"
        weights[asset] = len(response.data)
        cached.add(asset)
    return weights


def test_ideas_list_first_visit_and_a_later_page_within_budget(
        client, db, make_municipality, make_user):
    municipality = make_municipality("Asker")
    authors = [make_user(role="resident", municipality=municipality) for _ in range(4)]
    themes = ["mobilitet", "apne-data", "anskaffelser", "innbyggerinvolvering"]
    ideas = [create_idea(municipality, authors[n % 4], theme=themes[n % 4], sdgs=[11, 13],
                         title=f"Idé {n}: bedre sykkelveier og tryggere skoleveier i sentrum",
                         body=f"Forslag {n}. " + "Mange sykler til jobb og skole, men det er farlig i dag. " * 4)
             for n in range(20)]
    for n in range(6):
        create_comment(ideas[-1], authors[n % 4], body=f"Kommentar {n}. " + "Godt forslag! Det trengs virkelig. " * 3)

    cached: set[str] = set()
    first = visit(client, "/asker/ideer/", cached)
    assert len(re.findall(r'<li class="[^"]*idea-card', client.get("/asker/ideer/").get_data(
        as_text=True))) == 20
    assert len(first) <= MAX_REQUESTS, first
    assert sum(first.values()) <= FIRST_VISIT_BUDGET, first

    later = visit(client, f"/asker/ideer/{ideas[-1].id}", cached)
    assert sum(later.values()) <= LATER_PAGE_BUDGET, later
