"""Theme and goal pages: items from several members, nothing unpublished, hidden or of an
inactive member, counts per municipality, and a query count that does not grow with content."""
from __future__ import annotations

import re

import pytest

from app.accounts.models import Role
from tests.network.factories import fill
from tests.queries import count_queries


@pytest.fixture
def network(db, make_municipality, make_user):
    """Asker and Voss (active) and Sovende (inactive), each filled with `fill`."""
    made = {}
    for name in ("Asker", "Voss", "Sovende"):
        municipality = make_municipality(name)
        author = make_user(role=Role.resident, municipality=municipality)
        made[name] = (municipality, fill(municipality, author, name))
    sleeping = made["Sovende"][0]
    sleeping.is_active = False
    db.session.commit()
    return made


@pytest.mark.parametrize("path", ["/tema/mobilitet/", "/mal/11/"])
def test_a_topic_page_lists_every_active_member_and_nothing_hidden(client, network, path):
    html = client.get(path + "?lang=nb").get_data(as_text=True)
    for name in ("Asker", "Voss"):
        content = network[name][1]
        for title in content.public_titles:
            assert title in html, f"{title} missing from {path}"
        for title in content.hidden_titles:
            assert title not in html, f"{title} shown on {path}"
        assert f"Erfaring {name}" in html.split('id="experiences"')[1]
    for title in network["Sovende"][1].public_titles + ["Erfaring Sovende"]:
        assert title not in html
    open_now = html.split('id="open-now"')[1].split("</section>")[0]
    assert "Åpen høring Asker" in open_now and "Avsluttet høring Asker" not in open_now
    done = html.split('id="done"')[1].split("</section>")[0]
    assert "Avsluttet høring Voss" in done and "Åpen høring Voss" not in done


def test_the_counts_per_municipality(client, network):
    html = client.get("/tema/mobilitet/?lang=nb").get_data(as_text=True)
    table = html.split('id="per-municipality"')[1].split("</section>")[0]
    rows = re.findall(r'<tr>\s*<th scope="row"><a href="/(\w+)/">\w+</a></th>(.*?)</tr>', table,
                      re.S)
    counts = {slug: [int(n) for n in re.findall(r"<td>(\d+)</td>", cells)] for slug, cells in rows}
    # ideas (the answered one; the hidden one not), consultations (open, concluded; the
    # draft not), votes (open, closed), surveys (open, closed), published experiences
    assert counts == {"asker": [1, 2, 2, 2, 1], "voss": [1, 2, 2, 2, 1]}


def test_a_topic_without_content_says_so(client, network):
    html = client.get("/tema/anskaffelser/?lang=en").get_data(as_text=True)
    assert "Nothing on this is open for input right now." in html
    assert "No member municipality has published anything on this yet." in html


def test_a_vote_counts_for_its_projects_goals(client, db, make_municipality):
    from tests.votes.factories import create_vote
    asker = make_municipality("Asker")
    create_vote(asker, title="Budsjett med prosjektmål")  # its projects have goal 11
    assert "Budsjett med prosjektmål" in client.get("/mal/11/").get_data(as_text=True)
    assert "Budsjett med prosjektmål" not in client.get("/mal/4/").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/tema/finnes-ikke/", "/mal/0/", "/mal/18/", "/mal/x/"])
def test_unknown_themes_and_goals_are_404(client, path):
    assert client.get(path).status_code == 404


def test_the_lists_of_themes_and_goals_link_every_page(client):
    themes = client.get("/tema/").get_data(as_text=True)
    goals = client.get("/mal/").get_data(as_text=True)
    from app.core.vocabulary import SDGS, THEMES
    assert all(f'href="/tema/{key}/"' in themes for key in THEMES)
    assert all(f'href="/mal/{number}/"' in goals for number in SDGS)


@pytest.mark.parametrize("path", ["/tema/mobilitet/", "/mal/11/", "/", "/erfaringer/"])
def test_the_query_count_does_not_grow_with_content(app, client, db, make_municipality,
                                                    make_user, path):
    def add_member(name):
        municipality = make_municipality(name)
        fill(municipality, make_user(role=Role.resident, municipality=municipality), name,
             answers=3)

    add_member("Asker")
    small = count_queries(app, client, path)
    assert small <= 16, f"budget for {path}"
    for name in ("Voss", "Bergen", "Moss"):
        add_member(name)
    assert count_queries(app, client, path) == small


def test_an_ideas_theme_and_goals_link_to_their_pages(client, db, make_municipality, make_user):
    from app.ideas.models import MunicipalTheme
    from app.moderation.models import ModerationState
    from tests.ideas.factories import create_idea
    asker = make_municipality("Asker")
    author = make_user(role=Role.resident, municipality=asker)
    idea = create_idea(asker, author, title="Lys i tunnelen", theme="apne-data", sdgs=[7, 11],
                       state=ModerationState.published)
    own = MunicipalTheme(municipality_id=asker.id, name="Kulturminner")
    db.session.add(own)
    db.session.commit()
    create_idea(asker, author, title="Gamle hus", theme=own.key, state=ModerationState.published)
    listing = client.get("/asker/ideer/").get_data(as_text=True)
    detail = client.get(f"/asker/ideer/{idea.id}").get_data(as_text=True)
    for html in (listing, detail):
        assert 'href="/tema/apne-data/"' in html
        assert 'href="/mal/7/"' in html and 'href="/mal/11/"' in html
    assert "Kulturminner" in listing and f'href="/tema/{own.key}/"' not in listing
