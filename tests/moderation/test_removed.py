"""An item a moderator took down answers 410 with the reason's category ("removed by the
moderator"); an unpublished, rejected or unknown one stays a bare 404."""
from __future__ import annotations

import pytest
from flask import g
from werkzeug.exceptions import NotFound

from app.moderation.models import ModerationState
from app.moderation.removed import ItemRemoved, refuse_unseen
from tests.conftest import submit


@pytest.fixture
def hidden_idea(client, auth, make_municipality, make_user, make_idea):
    """An idea of Asker a moderator hid with a reason from the list and a private note."""
    municipality = make_municipality("Asker")
    moderator = make_user(role="moderator", municipality=municipality)
    idea = make_idea(municipality, make_user(role="resident", municipality=municipality),
                     title="Parkering for alle")
    auth.login(moderator)
    response = submit(client, f"/asker/moderering/idea/{idea.id}?lang=nb",
                      {"decision": "hide", "reason": "Bryter reglene for respektfullt språk",
                       "note": "Kalte naboen en idiot"})
    assert response.status_code == 302
    auth.logout()
    return municipality, idea


def test_the_removed_page_names_the_category_not_the_note(app, db, hidden_idea):
    municipality, idea = hidden_idea
    with app.test_request_context(f"/asker/ideer/{idea.id}?lang=en"):
        g.municipality = municipality
        with pytest.raises(ItemRemoved) as caught:
            refuse_unseen(idea)
        response = app.make_response(app.handle_user_exception(caught.value))
    html = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "Fjernet av moderator" in html  # the request has no locale chosen: bokmål
    assert "Bryter reglene for respektfullt språk" in html
    assert "idiot" not in html and "Parkering for alle" not in html


def test_only_items_taken_down_are_gone(app, db, hidden_idea, make_idea, make_user):
    municipality, idea = hidden_idea
    waiting = make_idea(municipality, make_user(role="resident", municipality=municipality),
                        state=ModerationState.pending)
    rejected = make_idea(municipality, make_user(role="resident", municipality=municipality),
                         state=ModerationState.rejected)
    with app.test_request_context("/asker/"):
        g.municipality = municipality
        for item in (waiting, rejected, None):
            with pytest.raises(NotFound):
                refuse_unseen(item)


def test_a_hidden_idea_is_410_for_the_public_and_unknown_ids_404(client, hidden_idea):
    """Needs ideas/routes.py `_visible_idea` to call `refuse_unseen(idea)` instead of abort(404)."""
    _, idea = hidden_idea
    response = client.get(f"/asker/ideer/{idea.id}?lang=en")
    assert response.status_code == 410
    assert "Removed by the moderator" in response.get_data(as_text=True)
    assert client.get("/asker/ideer/999999").status_code == 404
