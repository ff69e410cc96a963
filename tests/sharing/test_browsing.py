"""Browsing what other members share: only shared items of other active members, filtered,
paged, and in a constant number of queries however many there are."""
from __future__ import annotations

import re

import pytest

from tests.conftest import csrf_from
from tests.sharing.factories import rich_consultation, rich_survey, rich_vote
from tests.queries import count_queries as _count_queries

BROWSE = "/voss/admin/fra-nettverket/"


def titles(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/voss/admin/fra-nettverket/[^"]+"[^>]*>([^<]+)</a></h2>', html)


def test_only_shared_items_of_other_active_members_are_listed(client, auth, world,
                                                              make_municipality):
    sleeping = make_municipality("Sovende", is_active=False)
    rich_consultation(world.asker, world.asker_admin, world.resident, title="Delt høring")
    rich_consultation(world.asker, world.asker_admin, world.resident, title="Privat høring",
                      shared=False)
    rich_vote(world.asker, world.asker_admin, world.resident, title="Delt kladd",
              published=False)
    rich_vote(world.asker, world.asker_admin, world.resident, title="Privat kladd",
              published=False, shared=False)
    rich_survey(world.voss, world.resident, title="Vår egen")
    rich_survey(sleeping, world.resident, title="Fra en sovende kommune")
    auth.login(world.voss_admin)
    listed = titles(client.get(BROWSE + "?lang=nb").get_data(as_text=True))
    # another member's drafts stay invisible, shared or not, as do unshared items
    assert sorted(listed) == ["Delt høring"]


def test_hidden_items_cannot_be_previewed_or_copied(client, auth, world, make_municipality):
    sleeping = make_municipality("Sovende", is_active=False)
    private = rich_vote(world.asker, world.asker_admin, world.resident, published=False,
                        shared=False)
    shared_draft = rich_vote(world.asker, world.asker_admin, world.resident, published=False)
    own = rich_vote(world.voss, world.voss_admin, world.resident)
    asleep = rich_vote(sleeping, world.voss_admin, world.resident)
    auth.login(world.voss_admin)
    token = csrf_from(client.get("/konto/").get_data(as_text=True))
    for vote in (private, shared_draft, own, asleep):
        url = f"{BROWSE}avstemning/{vote.id}"
        assert client.get(url).status_code == 404
        assert client.post(f"{url}/kopier", data={"csrf_token": token}).status_code == 404
    assert client.get(f"{BROWSE}ukjent/{private.id}").status_code == 404
    assert client.get(f"{BROWSE}avstemning/99999999999").status_code == 404


def test_filters_by_theme_goal_type_and_member(client, auth, world, make_municipality):
    bergen = make_municipality("Bergen")
    # themes and goals: innbyggerinvolvering 4, 11; mobilitet 11, 13; mobilitet 3, 11
    rich_consultation(world.asker, world.asker_admin, world.resident, title="Skole")
    rich_vote(world.asker, world.asker_admin, world.resident, title="Budsjett")
    rich_survey(bergen, world.resident, title="Reisevaner")
    auth.login(world.voss_admin)

    def listed(query: str) -> list[str]:
        return sorted(titles(client.get(f"{BROWSE}?lang=nb&{query}").get_data(as_text=True)))

    assert listed("tema=mobilitet") == ["Budsjett", "Reisevaner"]
    assert listed("mal=4") == ["Skole"]
    assert listed("mal=13") == ["Budsjett"]
    assert listed("type=undersokelse") == ["Reisevaner"]
    assert listed("medlem=asker") == ["Budsjett", "Skole"]
    assert listed("medlem=asker&tema=mobilitet&type=avstemning") == ["Budsjett"]
    assert listed("tema=finnes-ikke&mal=99&type=x&medlem=voss") == ["Budsjett", "Reisevaner",
                                                                    "Skole"]


def test_the_list_shows_origin_contents_and_texts_in_the_readers_written_form(client, auth,
                                                                               world):
    consultation = rich_consultation(world.asker, world.asker_admin, world.resident)
    auth.login(world.voss_admin)
    html = client.get(BROWSE + "?lang=nn").get_data(as_text=True)
    assert consultation.title_nn in titles(html) and "Asker" in html
    preview = client.get(f"{BROWSE}horing/{consultation.id}?lang=nn").get_data(as_text=True)
    assert "Kva meiner du om trafikken?" in preview and consultation.body_nb in preview


def test_the_list_is_paged(client, auth, world):
    for n in range(22):
        rich_vote(world.asker, world.asker_admin, world.resident, title=f"Avstemning {n:02d}")
    auth.login(world.voss_admin)
    first = titles(client.get(BROWSE).get_data(as_text=True))
    second = titles(client.get(BROWSE + "?side=2").get_data(as_text=True))
    assert len(first) == 20 and len(second) == 2 and not set(first) & set(second)


@pytest.mark.parametrize("query", ["", "?tema=mobilitet&mal=11"])
def test_the_browse_page_runs_the_same_queries_however_much_is_shared(app, client, auth, world,
                                                                     query):
    def add_one_of_each():
        rich_consultation(world.asker, world.asker_admin, world.resident)
        rich_vote(world.asker, world.asker_admin, world.resident)
        rich_survey(world.asker, world.resident)

    add_one_of_each()
    auth.login(world.voss_admin)
    few = _count_queries(app, client, BROWSE + query)
    for _ in range(4):
        add_one_of_each()
    assert _count_queries(app, client, BROWSE + query) == few
    # the layout (8: log-in, memberships, the staff's queue counts) and this page (2 for the
    # page, at most 11 to load consultations, votes and surveys with what the cards show)
    assert few <= 21, f"budget: {few} queries"


def test_hostile_filters_and_ids_are_never_a_server_error(client, auth, world):
    from urllib.parse import quote

    from tests.hostile import HOSTILE

    vote = rich_vote(world.asker, world.asker_admin, world.resident)
    auth.login(world.voss_admin)
    for value in HOSTILE:
        if "\x00" in value:
            continue  # refused before routing (tests/test_hostile_input.py)
        q = quote(value, safe="")
        for url in (f"{BROWSE}?tema={q}&mal={q}&type={q}&medlem={q}&side={q}",
                    f"{BROWSE}{q}/{vote.id}", f"{BROWSE}avstemning/{q}"):
            assert client.get(url).status_code < 500, url
