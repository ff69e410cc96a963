"""Idea cards kept as fragments (app/core/cache/fragments.py): rendered once, served from the
store on the next page that shows them (another page, a search), and never stale: each value a
card shows is changed in turn, and the page is then the same as one rendered with no fragment
store at all. Each test runs on memory and on Redis."""
from __future__ import annotations

import pytest

from app.accounts.models import Role
from app.core.cache.backends import MemoryBackend
from app.core.extensions import db
from app.ideas import services
from app.ideas.models import IdeaStatus, MunicipalTheme


def stored_keys(store) -> list[str]:
    if isinstance(store, MemoryBackend):
        return list(store._pages)
    prefix = f"{store.prefix}page:"
    return [key.decode()[len(prefix):] for key in store.redis.scan_iter(match=prefix + "*")]


def page(app, path: str, client=None) -> str:
    response = (client or app.test_client()).get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def without_fragments(app, path: str, client=None) -> str:
    saved = app.config["FRAGMENT_CACHE"]
    app.config["FRAGMENT_CACHE"] = "off"
    try:
        return page(app, path, client)
    finally:
        app.config["FRAGMENT_CACHE"] = saved


@pytest.fixture
def town(make_municipality, make_user, make_idea):
    municipality = make_municipality("Fjordby")
    author = make_user(role=Role.resident, municipality=municipality, name="Ada Forfatter")
    ideas = [make_idea(municipality, author, title=title, sdgs=(11,))
             for title in ("Sykkelvei langs sjøen", "Benker i parken", "Lys i tunnelen")]
    return municipality, author, ideas


def test_cards_are_rendered_once_then_served_from_the_store_on_any_page(app, fragment_cache,
                                                                         town):
    municipality, _, ideas = town
    first = page(app, "/fjordby/ideer/")
    assert first == without_fragments(app, "/fjordby/ideer/")
    keys = stored_keys(fragment_cache)
    assert len(keys) == 3 and all(key.startswith("idea-card:") for key in keys)
    # what the store holds is what the next pages show: mark each kept card and look for it
    fragment_cache.write_many({key: f"<li>kept card {n}</li>".encode()
                               for n, key in enumerate(keys)}, 60)
    again = page(app, "/fjordby/ideer/")
    assert again.count("kept card") == 3 and "Benker i parken" not in again
    search = page(app, "/fjordby/ideer/?q=benker")  # another page, the same card
    assert search.count("kept card") == 1 and "Benker i parken" not in search
    assert len(stored_keys(fragment_cache)) == 3  # nothing rendered anew


def _rename_author(app, municipality, author, idea):
    author.display_name = "Ada Nytt-Navn"


def _support(app, municipality, author, idea):
    services.toggle_support(idea, author, municipality, True)


def _comment(app, municipality, author, idea):
    services.add_comment(idea, author, municipality, "En kommentar til kortet", None)


def _answer(app, municipality, author, idea):
    idea.answer_status = IdeaStatus.accepted


def _goals(app, municipality, author, idea):
    idea.sdgs = [3, 13]


def _retitle(app, municipality, author, idea):
    idea.title = "Sykkelvei langs hele sjøen"


def _own_theme_renamed(app, municipality, author, idea):
    theme = MunicipalTheme(municipality_id=municipality.id, name="Bryggeliv")
    db.session.add(theme)
    db.session.flush()
    idea.theme = theme.key
    db.session.commit()
    page(app, "/fjordby/ideer/")  # the card with the theme's first name is kept
    theme.name = "Livet på brygga"


@pytest.mark.parametrize("change, shown", [
    (_retitle, "Sykkelvei langs hele sjøen"), (_rename_author, "Ada Nytt-Navn"),
    (_support, "1 støtter"), (_comment, "1 kommentar"), (_answer, "status-accepted\">Godtatt"),
    (_goals, 'title="Stoppe klimaendringene"'), (_own_theme_renamed, "Livet på brygga"),
])
def test_a_card_changes_with_each_value_it_shows(app, fragment_cache, town, change, shown):
    municipality, author, ideas = town
    before = page(app, "/fjordby/ideer/")
    assert shown not in before
    change(app, municipality, author, ideas[0])
    db.session.commit()
    after = page(app, "/fjordby/ideer/")
    assert shown in after
    assert after == without_fragments(app, "/fjordby/ideer/")


def test_each_language_and_each_reader_has_its_own_card(app, client, auth, fragment_cache, town,
                                                        make_user):
    municipality, _, ideas = town
    for lang, word in (("nb", "støttere"), ("nn", "støttespelarar"), ("en", "supporters")):
        shown = page(app, f"/fjordby/ideer/?lang={lang}")
        assert f"0 {word}" in shown, lang
        assert shown == without_fragments(app, f"/fjordby/ideer/?lang={lang}")
    reader = make_user(role=Role.resident, municipality=municipality)
    services.toggle_support(ideas[1], reader, municipality, True)
    db.session.commit()
    auth.login(reader)
    page(app, "/fjordby/", client)  # shows (and ends) the "logged in" message
    theirs = page(app, "/fjordby/ideer/", client)
    assert theirs.count("inkludert deg") == 1
    assert theirs == without_fragments(app, "/fjordby/ideer/", client)
    assert "inkludert deg" not in page(app, "/fjordby/ideer/")  # not shown to anybody else


def test_a_store_that_does_not_answer_renders_the_cards(app, town):
    from tests.conftest import free_port

    saved = {key: app.config.get(key) for key in ("FRAGMENT_CACHE", "REDIS_URL")}
    app.config.update(FRAGMENT_CACHE="redis", REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    try:
        shown = page(app, "/fjordby/ideer/")
    finally:
        app.config.update(saved)
    assert "Benker i parken" in shown and shown.count('class="ds-card idea-card"') == 3


def test_a_card_changes_with_its_image_text(app, fragment_cache, town):
    from tests.ideas.test_budgets import _png

    municipality, author, _ = town
    idea = services.submit_idea(municipality, author, {
        "title": "Benker", "body": "Flere benker i parken.", "theme": "mobilitet",
        "image_alt": "Skisse av to benker"}, _png())
    db.session.commit()
    assert 'alt="Skisse av to benker"' in page(app, "/fjordby/ideer/")
    idea.image.alt_text = "Skisse av tre benker"
    db.session.commit()
    after = page(app, "/fjordby/ideer/")
    assert 'alt="Skisse av tre benker"' in after
    assert after == without_fragments(app, "/fjordby/ideer/")
