"""The ideas list and an idea's page cost a fixed number of SQL queries, whatever the number of
ideas or comments; the list pages by keyset (`?neste=` / `?forrige=`), stable while ideas arrive.

Budgets (issue 16): an anonymous reader's list page at most 5 queries, an idea's page with its
comments at most 8; a signed-in resident's the same count with few rows as with many.
"""
from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage

from app.core.clock import utcnow
from app.core.extensions import db as _db
from app.ideas import services
from app.ideas.models import Idea, IdeaComment, IdeaSdg
from app.moderation.models import ModerationState
from tests.queries import recorded_queries

LIST_BUDGET = 5
DETAIL_BUDGET = 8


def queries_for(client, db, path: str) -> int:
    with recorded_queries(db.engine) as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(statements)


def add_ideas(municipality, authors, count: int, *, start: int = 0, **fields) -> list[Idea]:
    """`count` published ideas, one minute apart (newest last), by turns of `authors`, with goals,
    supports and comment counts that differ (as the list shows them)."""
    now = utcnow()
    ideas = []
    for n in range(start, start + count):
        idea = Idea(municipality_id=municipality.id, author_id=authors[n % len(authors)].id,
                    title=f"Idé {n:03d}", body=f"Tekst {n}", body_html=f"<p>Tekst {n}</p>",
                    theme=fields.get("theme", ("mobilitet", "miljo-og-klima")[n % 2]),
                    moderation_state=ModerationState.published,
                    created_at=now - timedelta(minutes=10_000 - n),
                    support_count=n % 7, comment_count=n % 5)
        idea.sdg_links = [IdeaSdg(goal=1 + n % 17), IdeaSdg(goal=11)] if n % 17 != 10 else []
        ideas.append(idea)
    _db.session.add_all(ideas)
    _db.session.commit()
    return ideas


def titles_in(html: str) -> list[str]:
    return re.findall(r'<h2 id="idea-\d+"><a [^>]*>([^<]+)</a>', html)


def titles(client, path: str) -> list[str]:
    return titles_in(client.get(path).get_data(as_text=True))


def link_in(html: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', html)
    return found.group(1).replace("&amp;", "&") if found else None


def link(client, path: str, rel: str) -> str | None:
    return link_in(client.get(path).get_data(as_text=True), rel)


@pytest.fixture
def town(make_municipality, make_user):
    municipality = make_municipality("Asker")
    people = [make_user(role="resident", municipality=municipality) for _ in range(4)]
    return municipality, people


# --- query budgets ---------------------------------------------------------------------------

def test_the_list_costs_five_queries_whatever_the_number_of_ideas(client, auth, db, town):
    municipality, people = town
    paths = ["/asker/ideer/", "/asker/ideer/?sortering=mest-stottet&tema=mobilitet&mal=11",
             "/asker/ideer/?sortering=mest-diskutert&antall=50", "/asker/ideer/?q=tekst",
             "/asker/ideer/?side=2&antall=2"]
    add_ideas(municipality, people, 3)
    few = [queries_for(client, db, path) for path in paths]
    add_ideas(municipality, people, 57, start=3)
    assert [queries_for(client, db, path) for path in paths] == few
    assert max(few) <= LIST_BUDGET, few
    cursor = link(client, "/asker/ideer/?antall=5", "next")
    assert queries_for(client, db, cursor) <= LIST_BUDGET

    auth.login(people[0])
    signed_in_few = queries_for(client, db, "/asker/ideer/?antall=3")
    assert queries_for(client, db, "/asker/ideer/?antall=60") == signed_in_few


def _comment(idea, author, n, parent=None):
    return IdeaComment(municipality_id=idea.municipality_id, idea_id=idea.id, author_id=author.id,
                       body=f"Kommentar {n}", body_html=f"<p>Kommentar {n}</p>",
                       parent_id=parent.id if parent else None,
                       moderation_state=ModerationState.published)


def test_an_idea_page_costs_eight_queries_whatever_the_number_of_comments(
        client, auth, db, town, make_user):
    municipality, people = town
    staff = make_user(role="admin", municipality=municipality)
    idea = services.submit_idea(municipality, people[0], {
        "title": "Benker i parken", "body": "Flere benker, takk.", "theme": "mobilitet",
        "sdgs": [11], "image_alt": "Skisse av benkene"}, _png())
    db.session.commit()
    path = f"/asker/ideer/{idea.id}"

    def add_comments(count: int, start: int) -> None:
        writers = people + [staff]
        for n in range(start, start + count):
            top = _comment(idea, writers[n % len(writers)], n)
            db.session.add(top)
            db.session.flush()
            db.session.add(_comment(idea, staff, f"{n} svar", parent=top))
        db.session.commit()

    add_comments(2, 0)
    few = queries_for(client, db, path)
    add_comments(30, 2)
    html = client.get(path).get_data(as_text=True)
    assert len(re.findall(r'<article class="comment', html)) == 64
    assert queries_for(client, db, path) == few
    assert few <= DETAIL_BUDGET

    auth.login(people[1])
    signed_in = queries_for(client, db, path)
    add_comments(10, 40)
    assert queries_for(client, db, path) == signed_in


# --- keyset pagination ----------------------------------------------------------------------

def follow(client, path: str) -> list[str]:
    """Every title, following "Neste" from `path` to the end."""
    seen = []
    while path:
        seen += titles(client, path)
        path = link(client, path, "next")
    return seen


@pytest.mark.parametrize("sort", ["nyeste", "mest-stottet", "mest-diskutert"])
def test_every_sort_order_pages_through_every_idea_once(client, db, town, sort):
    municipality, people = town
    ideas = add_ideas(municipality, people, 23)
    key = {"nyeste": lambda i: (i.created_at, i.id),
           "mest-stottet": lambda i: (i.support_count, i.created_at, i.id),
           "mest-diskutert": lambda i: (i.comment_count, i.created_at, i.id)}[sort]
    expected = [i.title for i in sorted(ideas, key=key, reverse=True)]
    assert follow(client, f"/asker/ideer/?sortering={sort}&antall=5") == expected
    # the last page has no "Neste"; going back with "Forrige" gives the pages before, in order
    path = f"/asker/ideer/?sortering={sort}&antall=5"
    while link(client, path, "next"):
        path = link(client, path, "next")
    assert titles(client, path) == expected[20:]
    back = link(client, path, "prev")
    assert titles(client, back) == expected[15:20]


def test_ideas_arriving_meanwhile_are_neither_repeated_nor_skipped(client, db, town):
    municipality, people = town
    add_ideas(municipality, people, 12)
    expected = titles(client, "/asker/ideer/?antall=50")
    seen, path = [], "/asker/ideer/?antall=4"
    while path:
        html = client.get(path).get_data(as_text=True)
        seen += titles_in(html)
        # a new idea arrives on top between every two pages
        services.submit_idea(municipality, people[1], {
            "title": f"Ny idé {len(seen)}", "theme": "mobilitet",
            "body": f"Kom mens noen bladde, som nummer {len(seen)}."})
        db.session.commit()
        path = link_in(html, "next")
    assert seen == expected
    # the first page, asked for again, starts with the newest
    assert titles(client, "/asker/ideer/?antall=4")[0] == "Ny idé 12"


@pytest.mark.parametrize("cursor", ["x", "1.2.3.4", "-5.3", "99999999999999999999.1",
                                    "1" * 300, "", ".", "1.x", "1.２"])
def test_a_cursor_that_is_not_ours_gives_the_first_page(client, db, town, cursor):
    municipality, people = town
    add_ideas(municipality, people, 3)
    first = titles(client, "/asker/ideer/")
    for arg in ("neste", "forrige"):
        response = client.get(f"/asker/ideer/?{arg}={cursor}")
        assert response.status_code == 200
        assert titles(client, f"/asker/ideer/?{arg}={cursor}") == first


def test_an_old_page_number_link_still_works_and_leads_on_by_cursor(client, db, town):
    municipality, people = town
    add_ideas(municipality, people, 7)
    everything = titles(client, "/asker/ideer/")
    assert titles(client, "/asker/ideer/?side=2&antall=3") == everything[3:6]
    onwards = link(client, "/asker/ideer/?side=2&antall=3", "next")
    assert "neste=" in onwards and "side=" not in onwards
    assert titles(client, onwards) == everything[6:]
    assert titles(client, link(client, "/asker/ideer/?side=2&antall=3", "prev")) == everything[:3]
    html = client.get("/asker/ideer/?side=50&lang=en").get_data(as_text=True)
    assert "There are no more ideas" in html and 'href="/asker/ideer/"' in html


def test_the_total_is_counted_up_to_a_cap(client, db, town, monkeypatch):
    from app.ideas import queries
    municipality, people = town
    add_ideas(municipality, people, 6)
    assert "6 ideas" in client.get("/asker/ideer/?lang=en").get_data(as_text=True)
    monkeypatch.setattr(queries, "COUNT_CAP", 4)
    html = client.get("/asker/ideer/?lang=en").get_data(as_text=True)
    assert "More than 4 ideas" in html and len(titles(client, "/asker/ideer/")) == 6


# --- the card --------------------------------------------------------------------------------

def _png() -> FileStorage:
    out = io.BytesIO()
    Image.new("RGB", (600, 400), (20, 90, 160)).save(out, "PNG")
    out.seek(0)
    return FileStorage(out, "benker.png")


def test_a_card_shows_the_ideas_image_with_its_alt_text_loaded_lazily(client, db, town):
    municipality, people = town
    services.submit_idea(municipality, people[0], {
        "title": "Benker", "body": "Flere benker i parken.", "theme": "mobilitet",
        "image_alt": "Skisse av to benker"}, _png())
    services.submit_idea(municipality, people[0], {
        "title": "Lys", "body": "Bedre lys i parken.", "theme": "mobilitet"})
    db.session.commit()
    html = client.get("/asker/ideer/?lang=en").get_data(as_text=True)
    images = re.findall(r"<img [^>]*>", html.split('<ol class="idea-list">')[1])
    assert len(images) == 1
    assert 'alt="Skisse av to benker"' in images[0] and 'loading="lazy"' in images[0]
    assert 'width="240"' in images[0] and 'height="160"' in images[0]
    assert "0 supporters" in html and "by " in html
