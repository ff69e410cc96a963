"""Follow an idea, a consultation or a vote; mail at once, daily or never, in the reader's
language, never to the one who made the change, never about what is not public; the link that
ends the mail works without logging in."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.consultations import admin_services as consultation_admin
from app.core import clock, follows
from app.core.follows import Follow, FollowEvent, Frequency
from app.ideas import services as idea_services
from app.ideas.models import IdeaStatus
from app.moderation.models import ModerationState
from tests.conftest import csrf_from, link_in, mail_body, submit
from tests.consultations.factories import make_consultation
from tests.ideas.factories import create_idea
from tests.queries import recorded_queries
from tests.votes.factories import create_vote, hours


@pytest.fixture(autouse=True)
def _thaw_clock():
    yield
    clock.frozen_now = None


@pytest.fixture
def asker(make_municipality, make_user):
    municipality = make_municipality("Asker")
    admin = make_user(role=Role.admin, municipality=municipality, name="Saksbehandler")
    return municipality, admin


def _follow(db, user, item):
    follows.follow(item, user)
    db.session.commit()


def _daily(db, user, frequency=Frequency.daily):
    follows.set_frequency(user, frequency)
    db.session.commit()


def _answer(db, idea, admin, municipality, status=IdeaStatus.not_pursued):
    idea_services.answer_idea(idea, admin, municipality, status, "Kommunen har ikke budsjett.")
    db.session.commit()


def _path(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_follow_and_unfollow_from_the_page_and_the_list(client, db, auth, asker, make_user):
    municipality, admin = asker
    resident = make_user(role=Role.resident, municipality=municipality)
    idea = create_idea(municipality, admin, title="Benker langs fjorden")
    page = f"/asker/ideer/{idea.id}"
    anonymous = client.get(page + "?lang=en").get_data(as_text=True)
    assert "Log in to follow" in anonymous and "/konto/folg/" not in anonymous
    auth.login(resident)
    html = client.get(page + "?lang=en").get_data(as_text=True)
    assert f'action="/konto/folg/idea/{idea.id}"' in html and 'aria-pressed="false"' in html
    followed = client.post(f"/konto/folg/idea/{idea.id}", data={
        "csrf_token": csrf_from(html), "want": "1", "next": page})
    assert followed.status_code == 302 and followed.headers["Location"].endswith(page)
    assert 'aria-pressed="true"' in client.get(page).get_data(as_text=True)
    listed = client.get("/konto/folger?lang=en").get_data(as_text=True)
    assert "Benker langs fjorden" in listed and f'href="{page}"' in listed
    stopped = client.post(f"/konto/folg/idea/{idea.id}", data={
        "csrf_token": csrf_from(listed), "want": "0", "next": "/konto/folger"})
    assert stopped.headers["Location"].endswith("/konto/folger")
    assert db.session.scalar(select(func.count(Follow.id))) == 0
    assert "You follow nothing yet." in client.get("/konto/folger?lang=en").get_data(as_text=True)


def test_a_hidden_idea_or_a_draft_cannot_be_followed(client, db, auth, asker, make_user):
    municipality, admin = asker
    resident = make_user(role=Role.resident, municipality=municipality)
    hidden = create_idea(municipality, admin, state=ModerationState.hidden)
    draft = make_consultation(municipality, published=False)
    auth.login(resident)
    token = csrf_from(client.get("/konto/folger").get_data(as_text=True))
    for kind, item_id in (("idea", hidden.id), ("consultation", draft.id), ("idea", 999999)):
        response = client.post(f"/konto/folg/{kind}/{item_id}",
                               data={"csrf_token": token, "want": "1"})
        assert response.status_code == 302
    assert client.post("/konto/folg/survey/1", data={"csrf_token": token}).status_code == 404
    assert db.session.scalar(select(func.count(Follow.id))) == 0


def test_the_detail_page_asks_once_whether_the_reader_follows(client, db, auth, asker, make_user):
    municipality, admin = asker
    resident = make_user(role=Role.resident, municipality=municipality)
    idea = create_idea(municipality, admin)
    auth.login(resident)
    client.get(f"/asker/ideer/{idea.id}")
    with recorded_queries(db.engine) as statements:
        assert client.get(f"/asker/ideer/{idea.id}").status_code == 200
    assert len([s for s in statements if "follows" in s]) == 1
    with recorded_queries(db.engine) as statements:
        client.application.test_client().get(f"/asker/ideer/{idea.id}")
    assert not [s for s in statements if "follows" in s]  # a visitor costs none


def test_an_answer_is_mailed_at_once_in_each_followers_language(db, asker, make_user, outbox):
    municipality, admin = asker
    nb = make_user("bokmal@example.no", role=Role.resident, municipality=municipality)
    nn = make_user("nynorsk@example.no", role=Role.resident, municipality=municipality)
    nn.locale = "nn"
    idea = create_idea(municipality, nb, title="Lys i tunnelen")
    _follow(db, nb, idea)
    _follow(db, nn, idea)
    _follow(db, admin, idea)
    _answer(db, idea, admin, municipality)
    to = {message["To"]: message for message in outbox if "/konto/avmeld/" in mail_body(message)}
    assert set(to) == {"bokmal@example.no", "nynorsk@example.no"}  # not the one who answered
    body_nb = mail_body(to["bokmal@example.no"])
    body_nn = mail_body(to["nynorsk@example.no"])
    assert "Ikke videreført" in body_nb and "Ikkje vidareført" in body_nn
    for body in (body_nb, body_nn):
        assert "Lys i tunnelen" in body and f"/asker/ideer/{idea.id}" in body
        assert "/konto/avmeld/" in body and "/konto/folger" in body
    # the author is also mailed by the ideas area; the follow mail is one more
    assert len([m for m in outbox if m["To"] == "bokmal@example.no"]) == 2


def test_a_conclusion_is_mailed_in_the_readers_written_form(db, asker, make_user, outbox):
    municipality, admin = asker
    nn = make_user("nynorsk@example.no")
    nn.locale = "nn"
    consultation = make_consultation(municipality, title_nb="Ny skole", title_nn="Ny skule",
                                     opens=clock.utcnow() - timedelta(days=40),
                                     closes=clock.utcnow() - timedelta(days=2))
    _follow(db, nn, consultation)
    consultation_admin.publish_conclusion(consultation, admin, {"conclusion_nb": "Vedtatt."})
    db.session.commit()
    [mail] = [m for m in outbox if m["To"] == "nynorsk@example.no"]
    assert "Ny skule" in mail["Subject"] and "Ny skule" in mail_body(mail)


def test_the_daily_digest_collects_and_runs_once(runner, db, asker, make_user, outbox):
    municipality, admin = asker
    reader = make_user("leser@example.no")
    first = create_idea(municipality, admin, title="Første idé")
    second = create_idea(municipality, admin, title="Andre idé")
    _follow(db, reader, first)
    _follow(db, reader, second)
    _daily(db, reader)
    _answer(db, first, admin, municipality, IdeaStatus.under_consideration)
    _answer(db, second, admin, municipality, IdeaStatus.accepted)
    assert not [m for m in outbox if m["To"] == reader.email]  # nothing at once
    result = runner.invoke(args=["follows", "digest"])
    assert result.exit_code == 0, result.output
    [digest] = [m for m in outbox if m["To"] == reader.email]
    assert "Første idé" in mail_body(digest) and "Andre idé" in mail_body(digest)
    assert "/konto/avmeld/" in mail_body(digest)
    outbox.clear()
    assert runner.invoke(args=["follows", "digest"]).exit_code == 0
    assert outbox == []  # idempotent
    _answer(db, first, admin, municipality, IdeaStatus.accepted)
    runner.invoke(args=["follows", "digest"])
    [later] = outbox
    assert "Første idé" in mail_body(later) and "Andre idé" not in mail_body(later)


def test_never_sends_nothing(runner, db, asker, make_user, outbox):
    municipality, admin = asker
    reader = make_user("leser@example.no")
    idea = create_idea(municipality, admin)
    _follow(db, reader, idea)
    _daily(db, reader, Frequency.never)
    _answer(db, idea, admin, municipality)
    runner.invoke(args=["follows", "digest"])
    assert not [m for m in outbox if m["To"] == reader.email]


def test_a_hidden_item_sends_nothing(runner, db, asker, make_user, outbox):
    municipality, admin = asker
    at_once, daily = make_user("straks@example.no"), make_user("daglig@example.no")
    idea = create_idea(municipality, admin)
    for user in (at_once, daily):
        _follow(db, user, idea)
    _daily(db, daily)
    _answer(db, idea, admin, municipality)  # collected for the digest
    outbox.clear()
    idea.moderation_state = ModerationState.hidden
    db.session.commit()
    assert follows.changed(idea, "answered", actor=admin) is None
    db.session.commit()
    runner.invoke(args=["follows", "digest"])
    assert outbox == []


def test_the_unsubscribe_link_works_without_logging_in(client, db, asker, make_user, outbox):
    municipality, admin = asker
    reader = make_user("leser@example.no")
    idea = create_idea(municipality, admin)
    _follow(db, reader, idea)
    _answer(db, idea, admin, municipality)
    link = _path(link_in([m for m in outbox if m["To"] == reader.email][0],
                         r"https?://\S+/konto/avmeld/\S+"))
    page = client.get(link)
    assert page.status_code == 200 and 'type="submit"' in page.get_data(as_text=True)
    assert "Set-Cookie" not in page.headers  # a visitor's form token needs no session
    assert client.post(link, data={"csrf_token": csrf_from(page.get_data(as_text=True))},
                       headers={"Origin": "http://localhost"}).status_code == 200
    assert follows.frequency_of(reader) is Frequency.never
    assert db.session.scalar(select(func.count(Follow.id))) == 1  # still follows
    outbox.clear()
    _answer(db, idea, admin, municipality, IdeaStatus.under_consideration)
    assert not [m for m in outbox if m["To"] == reader.email]


def test_a_forged_or_expired_unsubscribe_link_is_refused(app, client, db, make_user,
                                                         monkeypatch):
    reader = make_user()
    with app.test_request_context():
        token = follows.unsubscribe_token(reader)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    form_token = csrf_from(client.get(f"/konto/avmeld/{token}").get_data(as_text=True))
    assert client.get(f"/konto/avmeld/{forged}").status_code == 400
    assert client.post(f"/konto/avmeld/{forged}", data={"csrf_token": form_token}).status_code == 400
    monkeypatch.setitem(app.config, "FOLLOW_UNSUBSCRIBE_MAX_AGE", -1)
    assert client.post(f"/konto/avmeld/{token}", data={"csrf_token": form_token}).status_code == 400
    assert follows.frequency_of(reader) is Frequency.immediately


def test_the_frequency_is_chosen_on_the_list(client, db, auth, make_user):
    reader = make_user()
    auth.login(reader)
    assert submit(client, "/konto/folger/varsling", {"frequency": "daily"},
                  form_url="/konto/folger").status_code == 302
    assert follows.frequency_of(reader) is Frequency.daily
    submit(client, "/konto/folger/varsling", {"frequency": "weekly"}, form_url="/konto/folger")
    assert follows.frequency_of(reader) is Frequency.daily


def test_a_vote_opening_and_closing_is_told_once(runner, db, asker, make_user, outbox):
    municipality, _ = asker
    early, late = make_user("tidlig@example.no"), make_user("sent@example.no")
    vote = create_vote(municipality, opens_at=hours(1), closes_at=hours(48), title="Parkbudsjett")
    _follow(db, early, vote)
    assert runner.invoke(args=["follows", "tick"]).exit_code == 0
    assert outbox == []  # not open yet
    clock.frozen_now = hours(2)
    _follow(db, late, vote)  # followed after it opened: that is no news to them
    runner.invoke(args=["follows", "tick"])
    runner.invoke(args=["follows", "tick"])
    assert [m["To"] for m in outbox] == ["tidlig@example.no"]
    assert "Parkbudsjett" in mail_body(outbox[0]) and f"/asker/avstemninger/{vote.id}" in mail_body(outbox[0])
    clock.frozen_now = hours(50)
    outbox.clear()
    runner.invoke(args=["follows", "tick"])
    assert sorted(m["To"] for m in outbox) == ["sent@example.no", "tidlig@example.no"]
    assert db.session.scalar(select(func.count(FollowEvent.id))) == 2


def test_a_consultation_closing_is_told(runner, db, asker, make_user, outbox):
    municipality, _ = asker
    reader = make_user()
    consultation = make_consultation(municipality, closes=clock.utcnow() + timedelta(hours=1))
    _follow(db, reader, consultation)
    clock.frozen_now = clock.utcnow() + timedelta(hours=2)
    runner.invoke(args=["follows", "tick"])
    [mail] = outbox
    assert mail["To"] == reader.email and "Ny skole på Holmen" in mail_body(mail)
