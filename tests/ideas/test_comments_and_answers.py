"""Comments (replies, edit window, marks, moderation) and the municipality's answers."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.ideas.models import Idea, IdeaComment, IdeaStatus
from app.moderation.models import ModerationState
from app.municipalities.models import ModerationMode
from tests.conftest import mail_body, submit


@pytest.fixture
def setup(make_municipality, make_user, make_idea):
    municipality = make_municipality("Asker")
    author = make_user(role="resident", municipality=municipality, name="Ida Idé")
    idea = make_idea(municipality, author, title="Benker i parken")
    return municipality, author, idea


def comment_url(idea):
    return f"/asker/ideer/{idea.id}/kommentarer"


def test_comment_and_one_level_of_replies(client, auth, db, setup, make_user):
    municipality, author, idea = setup
    other = make_user(role="resident", municipality=municipality, name="Ola Nabo")
    auth.login(other)
    submit(client, comment_url(idea), {"body": "God idé!"}, form_url=f"/asker/ideer/{idea.id}")
    top = db.session.scalar(select(IdeaComment))
    page = client.get(f"/asker/ideer/{idea.id}?svar={top.id}&lang=en").get_data(as_text=True)
    assert f'id="svar-{top.id}"' in page and "Your reply to Ola Nabo" in page
    submit(client, comment_url(idea), {"body": "Enig", "parent_id": str(top.id)},
           form_url=f"/asker/ideer/{idea.id}")
    reply = db.session.scalar(select(IdeaComment).where(IdeaComment.parent_id == top.id))
    # A reply to a reply joins the same thread: one level only.
    submit(client, comment_url(idea), {"body": "Og jeg", "parent_id": str(reply.id)},
           form_url=f"/asker/ideer/{idea.id}")
    third = db.session.scalar(select(IdeaComment).where(IdeaComment.body == "Og jeg"))
    assert third.parent_id == top.id
    assert db.session.get(Idea, idea.id).comment_count == 3
    page = client.get(f"/asker/ideer/{idea.id}").get_data(as_text=True)
    assert page.count('class="replies"') == 1


def test_author_and_staff_are_marked(client, auth, db, setup, make_user, make_comment):
    municipality, author, idea = setup
    staff = make_user(role="moderator", municipality=municipality, name="Kari Kommune")
    make_comment(idea, author, "Takk for innspill")
    make_comment(idea, staff, "Vi ser på saken")
    page = client.get(f"/asker/ideer/{idea.id}?lang=en").get_data(as_text=True)
    assert re.search(r"Ida Idé</strong>\s*<span class=\"ds-tag\">Idea author", page)
    assert re.search(r"Kari Kommune</strong>\s*<span class=\"ds-tag staff\">Asker municipality", page)


def test_edit_window(client, auth, db, setup, make_user, make_comment):
    municipality, author, idea = setup
    comment = make_comment(idea, author, "Førsteutkast")
    edit = f"/asker/ideer/{idea.id}/kommentarer/{comment.id}/rediger"
    auth.login(author)
    submit(client, edit, {"body": "Rettet tekst"})
    db.session.expire_all()
    assert db.session.get(IdeaComment, comment.id).body == "Rettet tekst"
    assert db.session.get(IdeaComment, comment.id).edited_at is not None
    comment = db.session.get(IdeaComment, comment.id)
    comment.created_at -= timedelta(minutes=16)
    db.session.commit()
    assert client.get(edit).status_code == 403
    auth.logout()
    auth.login(make_user(role="moderator", municipality=municipality))
    assert client.get(edit).status_code == 403  # not even moderators edit others' words


def test_pre_moderated_comments_wait(client, auth, db, make_municipality, make_user, make_idea):
    voss = make_municipality("Voss", moderation_mode=ModerationMode.post)
    author = make_user(role="resident", municipality=voss)
    idea = make_idea(voss, author)
    voss.moderation_mode = ModerationMode.pre
    db.session.commit()
    auth.login(author)
    response = submit(client, f"/voss/ideer/{idea.id}/kommentarer?lang=en", {"body": "Venter"},
                      form_url=f"/voss/ideer/{idea.id}")
    comment = db.session.scalar(select(IdeaComment))
    assert comment.moderation_state is ModerationState.pending
    assert db.session.get(Idea, idea.id).comment_count == 0
    # the author sees it, marked as waiting; others do not
    assert "Venter" in client.get(f"/voss/ideer/{idea.id}").get_data(as_text=True)
    auth.logout()
    assert "Venter" not in client.get(f"/voss/ideer/{idea.id}").get_data(as_text=True)
    assert response.status_code == 302


def test_comments_only_on_published_ideas(client, auth, db, setup, make_idea):
    municipality, author, _ = setup
    pending = make_idea(municipality, author, state=ModerationState.pending)
    auth.login(author)
    submit(client, f"/asker/ideer/{pending.id}/kommentarer", {"body": "Hei"}, form_url="/konto/")
    assert db.session.scalar(select(IdeaComment)) is None


def test_duplicate_comment_is_refused(client, auth, db, setup):
    municipality, author, idea = setup
    auth.login(author)
    for _ in range(2):
        response = submit(client, comment_url(idea) + "?lang=en", {"body": "Samme tekst"},
                          form_url=f"/asker/ideer/{idea.id}")
    assert len(db.session.scalars(select(IdeaComment)).all()) == 1
    assert "You have just posted the same comment." in client.get(
        response.headers["Location"].split("#")[0] + "?lang=en").get_data(as_text=True)


def test_municipal_answers_follow_the_lifecycle_with_public_reasons(client, auth, db, outbox,
                                                                    setup, make_user):
    municipality, author, idea = setup
    staff = make_user(role="moderator", municipality=municipality)
    auth.login(staff)
    url, page = f"/asker/ideer/{idea.id}/status", f"/asker/ideer/{idea.id}"
    response = submit(client, url + "?lang=en", {"status": "implemented", "reason": "Ferdig"},
                      form_url=page)
    assert db.session.get(Idea, idea.id).status is IdeaStatus.published  # not a next step
    submit(client, url, {"status": "under_consideration", "reason": ""}, form_url=page)
    assert db.session.get(Idea, idea.id).status is IdeaStatus.published  # reason required
    outbox.clear()
    for status, reason in [("under_consideration", "Vi utreder"), ("accepted", "Vedtatt i budsjettet"),
                           ("implemented", "Benkene står der nå")]:
        submit(client, url, {"status": status, "reason": reason}, form_url=page)
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).status is IdeaStatus.implemented
    assert len(outbox) == 3 and outbox[0]["To"] == author.email
    assert "Vi utreder" in mail_body(outbox[0])
    auth.logout()
    html = client.get(page + "?lang=en").get_data(as_text=True)
    for text in ("Under consideration", "Vedtatt i budsjettet", "Implemented", "Benkene står der nå"):
        assert text in html
    assert response.status_code == 302


def test_residents_cannot_answer(client, auth, db, setup):
    municipality, author, idea = setup
    auth.login(author)
    page = f"/asker/ideer/{idea.id}"
    response = submit(client, f"/asker/ideer/{idea.id}/status",
                      {"status": "accepted", "reason": "Selvfølgelig"}, form_url=page)
    assert response.status_code == 403
    assert db.session.get(Idea, idea.id).status is IdeaStatus.published
