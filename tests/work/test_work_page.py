"""Mitt arbeid: what a municipality's staff see, who may see it, where staff land after log-in."""
from __future__ import annotations

import re

import pytest

from app.accounts.models import Role
from app.work.landing import landing_for
from tests.work.factories import add_role, fill
from tests.queries import count_queries


@pytest.fixture
def asker(make_municipality, make_user):
    municipality = make_municipality("Asker")
    resident = make_user(role=Role.resident, municipality=municipality)
    return municipality, resident


def main_of(response) -> str:
    html = response.get_data(as_text=True)
    return html[html.index("<main"):html.index("</main>")]


def words(html: str) -> str:
    """The text of `html`, tags removed, white space squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_the_page_shows_what_waits_with_links_to_act(client, auth, make_user, asker):
    municipality, resident = asker
    made = fill(municipality, resident)
    admin = make_user(role=Role.admin, municipality=municipality)
    auth.login(admin)
    response = client.get("/asker/arbeid/?lang=en")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    main = main_of(response)
    # the queue: the pending idea and the pending consultation answer, oldest first, with age
    assert "2 items wait" in words(main) and "The oldest has waited 3 days." in main
    assert f'/asker/moderering/idea/{made["pending"][0].id}"' in main
    assert "1 consultation answer waits for review" in main
    assert "/asker/moderering/?type=consultationanswer" in main
    # ideas without the municipality's answer (not the answered one)
    assert "1 idea has no answer yet" in words(main) and "Ubesvart idé 0" in main
    assert "Besvart idé" not in main
    # consultations: closing within two weeks (not the far one), and waiting for a conclusion
    closing, to_conclude = made["closing"][0], made["to_conclude"][0]
    assert f"/asker/admin/horinger/{closing.id}/svar" in main and "Fjern høring" not in main
    assert "1 answer, 1 waits for review" in words(main)
    assert f"/asker/admin/horinger/{to_conclude.id}/konklusjon" in main
    # running votes and surveys with their figures
    assert f'/asker/admin/avstemninger/{made["votes"][0].id}"' in main and "1 ballot" in main
    assert f'/asker/admin/undersokelser/{made["surveys"][0].id}/resultater"' in main
    assert "2 responses" in main
    # an admin's tools, all in one list
    for path in ("/asker/admin/", "/asker/moderering/logg", "/asker/admin/deltakelse/",
                 "/asker/admin/fra-nettverket/", "/asker/moderering/innstillinger"):
        assert f'href="{path}"' in main, path


def test_empty_lists_say_so(client, auth, make_user, asker):
    municipality, _ = asker
    auth.login(make_user(role=Role.moderator, municipality=municipality))
    main = main_of(client.get("/asker/arbeid/?lang=en"))
    assert "Nothing waits for a moderator." in main
    assert "No vote or survey is open right now." in main
    assert "Every published idea has had the municipality's answer." in main


def test_a_moderator_sees_the_moderation_tools_not_the_admin_pages(client, auth, make_user,
                                                                     asker):
    municipality, _ = asker
    auth.login(make_user(role=Role.moderator, municipality=municipality))
    main = main_of(client.get("/asker/arbeid/"))
    assert 'href="/asker/moderering/"' in main and 'href="/asker/moderering/blokkerte"' in main
    assert 'href="/asker/admin/"' not in main and "/asker/moderering/logg" not in main


@pytest.mark.parametrize("who, status", [
    ("anonymous", 302), ("resident", 403), ("moderator elsewhere", 403), ("admin elsewhere", 403),
    ("network admin", 403), ("moderator", 200), ("admin", 200),
])
def test_who_may_see_the_page(client, auth, make_user, make_municipality, asker, who, status):
    municipality, resident = asker
    bergen = make_municipality("Bergen")
    users = {
        "resident": resident,
        "moderator elsewhere": make_user(role=Role.moderator, municipality=bergen),
        "admin elsewhere": make_user(role=Role.admin, municipality=bergen),
        "network admin": make_user(network_admin=True),
        "moderator": make_user(role=Role.moderator, municipality=municipality),
        "admin": make_user(role=Role.admin, municipality=municipality),
    }
    if who != "anonymous":
        auth.login(users[who])
    assert client.get("/asker/arbeid/").status_code == status


def test_staff_land_on_their_work_and_the_header_links_there(app, client, auth, make_user,
                                                             make_municipality, asker):
    municipality, resident = asker
    bergen = make_municipality("Bergen")
    moderator = make_user(role=Role.moderator, municipality=municipality)
    both = add_role(make_user(role=Role.admin, municipality=municipality), bergen, Role.moderator)
    with app.test_request_context():
        assert landing_for(moderator) == "/asker/arbeid/"
        assert landing_for(both) == "/arbeid/"
        assert landing_for(resident) is None
    # the header links to Mitt arbeid on every page, also outside the municipality
    auth.login(moderator)
    for path in ("/", "/asker/", "/bergen/", "/sok/"):
        assert 'class="work-link" href="/asker/arbeid/"' in client.get(path).get_data(as_text=True)
    assert client.get("/arbeid/").headers["Location"] == "/asker/arbeid/"
    auth.logout()
    auth.login(resident)
    assert "work-link" not in client.get("/asker/").get_data(as_text=True)
    assert client.get("/arbeid/").status_code == 403


def test_staff_of_several_municipalities_choose(client, auth, make_user, make_municipality,
                                                asker):
    municipality, _ = asker
    bergen = make_municipality("Bergen")
    both = add_role(make_user(role=Role.admin, municipality=municipality), bergen, Role.moderator)
    auth.login(both)
    page = client.get("/arbeid/?lang=en")
    assert page.status_code == 200
    main = main_of(page)
    assert main.index('href="/asker/arbeid/"') < main.index('href="/bergen/arbeid/"')
    assert client.get("/bergen/arbeid/").status_code == 200
    # on a municipality's pages the header leads to that municipality's work
    assert 'class="work-link" href="/bergen/arbeid/"' in client.get("/bergen/").get_data(
        as_text=True)


def test_public_pages_have_no_administer_links(client, auth, make_user, asker):
    """Admin tools are reached from Mitt arbeid; the header has no "Administration" entry."""
    municipality, _ = asker
    auth.login(make_user(role=Role.admin, municipality=municipality))
    html = client.get("/asker/?lang=en").get_data(as_text=True)
    header = html[html.index("<header"):html.index("</header>")]
    assert 'href="/asker/admin/"' not in header and 'href="/asker/moderering/"' not in header
    assert ">My work" in header


def test_the_page_runs_the_same_queries_however_much_waits(app, client, auth, make_user,
                                                          asker):
    municipality, resident = asker
    admin = make_user(role=Role.admin, municipality=municipality)
    auth.login(admin)
    fill(municipality, resident, n=1)
    few = count_queries(app, client, "/asker/arbeid/")
    fill(municipality, resident, n=6)
    many = count_queries(app, client, "/asker/arbeid/")
    assert many == few, f"{few} queries with little waiting, {many} with much"
    assert few <= 40, few
