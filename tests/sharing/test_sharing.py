"""Sharing and no longer sharing one's own item, from its admin page: audited, any state."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.audit import AuditEvent
from app.core.extensions import db
from tests.conftest import csrf_from
from tests.sharing.factories import rich_consultation, rich_survey, rich_vote

PAGES = {"horing": "/voss/admin/horinger/{id}", "avstemning": "/voss/admin/avstemninger/{id}",
         "undersokelse": "/voss/admin/undersokelser/{id}/"}


def _items(world):
    return {"horing": rich_consultation(world.voss, world.voss_admin, world.resident,
                                        phase="draft", shared=False),
            "avstemning": rich_vote(world.voss, world.voss_admin, world.resident,
                                    published=False, shared=False),
            "undersokelse": rich_survey(world.voss, world.resident, draft=True, shared=False)}


@pytest.mark.parametrize("kind", PAGES)
def test_an_admin_shares_a_draft_from_its_page_and_stops_sharing(client, auth, world, kind):
    item = _items(world)[kind]
    auth.login(world.voss_admin)
    page_url = PAGES[kind].format(id=item.id)
    page = client.get(page_url).get_data(as_text=True)
    share_url = f"/voss/admin/fra-nettverket/del/{kind}/{item.id}"
    assert f'action="{share_url}"' in page
    response = client.post(share_url, data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302 and response.headers["Location"].endswith(page_url)
    db.session.refresh(item)
    assert item.is_shared
    page = client.get(page_url).get_data(as_text=True)
    assert f'action="{share_url}/stopp"' in page
    # sharing twice is refused without harm
    client.post(share_url, data={"csrf_token": csrf_from(page)})
    client.post(f"{share_url}/stopp", data={"csrf_token": csrf_from(page)})
    db.session.refresh(item)
    assert not item.is_shared
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.object_id == item.id, AuditEvent.action.like("%shared"))
        .order_by(AuditEvent.id)).all()
    kind_key = {"horing": "consultation", "avstemning": "vote", "undersokelse": "survey"}[kind]
    assert actions == [f"{kind_key}.shared", f"{kind_key}.unshared"]


def test_a_post_without_its_token_changes_nothing(client, auth, world):
    vote = rich_vote(world.voss, world.voss_admin, world.resident, shared=False)
    auth.login(world.voss_admin)
    assert client.post(f"/voss/admin/fra-nettverket/del/avstemning/{vote.id}").status_code == 400
    db.session.refresh(vote)
    assert not vote.is_shared
