"""Abuse protections: rate limits per user and per IP, honeypot, duplicates, blocked users."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.accounts.models import User
from app.ideas.models import Idea, IdeaComment, IdeaSupport
from app.ideas.permissions import can_submit_idea
from app.moderation.models import Block, Report
from tests.conftest import Auth, csrf_from, submit

GOOD = {"theme": "mobilitet", "body": "En god og lang nok beskrivelse av ideen min."}


@pytest.fixture
def asker(make_municipality, make_user):
    municipality = make_municipality("Asker")
    return municipality, make_user(role="resident", municipality=municipality)


def ideas(db):
    return db.session.scalar(select(func.count(Idea.id)))


def test_rate_limit_per_user(app, client, auth, db, asker, monkeypatch):
    monkeypatch.setitem(app.config, "IDEAS_RATE_LIMIT_USER", "2 per hour")
    auth.login(asker[1])
    for n in range(2):
        assert submit(client, "/asker/ideer/ny", {**GOOD, "title": f"Idé {n}",
                                                   "body": GOOD["body"] + str(n)}).status_code == 302
    response = submit(client, "/asker/ideer/ny?lang=en", {**GOOD, "title": "Idé 3",
                                                           "body": GOOD["body"] + "3"})
    assert response.status_code == 429 and "Too many attempts" in response.get_data(as_text=True)
    assert ideas(db) == 2


def test_rate_limit_per_ip_across_accounts(app, db, asker, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "IDEAS_RATE_LIMIT_IP", "3 per hour")
    municipality, _ = asker
    codes = []
    for n in range(4):
        client = app.test_client()
        Auth(client).login(make_user(role="resident", municipality=municipality))
        codes.append(submit(client, "/asker/ideer/ny", {**GOOD, "title": f"Idé {n}"}).status_code)
    assert codes == [302, 302, 302, 429] and ideas(db) == 3


def test_comment_rate_limit(app, client, auth, db, asker, make_idea, monkeypatch):
    monkeypatch.setitem(app.config, "COMMENTS_RATE_LIMIT_USER", "2 per minute")
    municipality, user = asker
    idea = make_idea(municipality, user)
    auth.login(user)
    codes = [submit(client, f"/asker/ideer/{idea.id}/kommentarer", {"body": f"Hei {n}"},
                    form_url=f"/asker/ideer/{idea.id}").status_code for n in range(3)]
    assert codes == [302, 302, 429]


def test_honeypot_pretends_success_and_saves_nothing(client, auth, db, asker, make_idea):
    municipality, user = asker
    auth.login(user)
    response = submit(client, "/asker/ideer/ny", {**GOOD, "title": "Kjøp billig", "website": "http://spam"})
    assert response.status_code == 302 and ideas(db) == 0
    idea = make_idea(municipality, user)
    submit(client, f"/asker/ideer/{idea.id}/kommentarer", {"body": "spam", "website": "x"},
           form_url=f"/asker/ideer/{idea.id}")
    assert db.session.scalar(select(IdeaComment)) is None


def test_duplicate_of_own_recent_idea_is_refused(client, auth, db, asker):
    auth.login(asker[1])
    submit(client, "/asker/ideer/ny", {**GOOD, "title": "Flere benker"})
    response = submit(client, "/asker/ideer/ny?lang=en", {**GOOD, "title": "flere  BENKER!"})
    assert "You have already submitted an idea with this title or text." in response.get_data(as_text=True)
    response = submit(client, "/asker/ideer/ny?lang=en", {**GOOD, "title": "Helt ny tittel"})
    assert "already submitted" in response.get_data(as_text=True)  # the same text
    assert ideas(db) == 1


def test_blocked_users_cannot_post_comment_support_or_report(client, auth, db, asker, make_idea,
                                                             make_user):
    municipality, user = asker
    idea = make_idea(municipality, make_user(role="resident", municipality=municipality))
    token_page = f"/asker/ideer/{idea.id}"
    auth.login(user)
    token = csrf_from(client.get(token_page).get_data(as_text=True))
    db.session.add(Block(municipality_id=municipality.id, user_id=user.id))
    db.session.commit()
    assert client.post("/asker/ideer/ny", data={**GOOD, "title": "X", "csrf_token": token}).status_code == 403
    client.post(f"/asker/ideer/{idea.id}/kommentarer", data={"body": "Hei", "csrf_token": token})
    client.post(f"/asker/ideer/{idea.id}/stott", data={"want": "1", "csrf_token": token})
    assert client.get(f"/asker/moderering/meld/idea/{idea.id}").status_code == 403
    assert ideas(db) == 1
    assert db.session.scalar(select(IdeaComment)) is None
    assert db.session.scalar(select(IdeaSupport)) is None
    assert db.session.scalar(select(Report)) is None
    page = client.get(token_page + "?lang=en").get_data(as_text=True)
    assert "Post comment" not in page and "I support this idea" not in page


def test_unverified_users_cannot_post(client, db, asker, make_user):
    municipality, _ = asker
    user = make_user(role="resident", municipality=municipality, verified=False)
    assert not can_submit_idea(db.session.get(User, user.id), municipality)
