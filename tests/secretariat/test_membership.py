"""The secretariat makes a municipality a member and takes it out: with a confirmation, in the
audit log, and without deleting anything; and finds it among the imported municipalities."""
from __future__ import annotations

from sqlalchemy import select

from app.core.audit import AuditEvent
from app.core.extensions import db
from app.ideas.models import Idea
from app.moderation.models import ModerationState
from tests.conftest import csrf_from, submit
from tests.ideas.factories import create_idea


def test_take_out_and_bring_back_a_member_without_losing_anything(client, auth, people, member):
    idea = create_idea(member, people["resident"], state=ModerationState.published)
    auth.login(people["network_admin"])
    confirm = client.get(f"/nettverk/kommuner/{member.id}/deaktiver?lang=en")
    assert "Nothing is deleted" in confirm.get_data(as_text=True)
    db.session.refresh(member)
    assert member.is_active, "the GET only asks"
    done = submit(client, f"/nettverk/kommuner/{member.id}/deaktiver?lang=en", {},
                  follow_redirects=True)
    assert "Medlemby is no longer a member" in done.get_data(as_text=True)
    db.session.refresh(member)
    assert member.is_active is False
    assert client.get(f"/{member.slug}/ideer/{idea.id}").status_code == 404
    assert db.session.get(Idea, idea.id) is not None

    submit(client, f"/nettverk/kommuner/{member.id}/aktiver", {})
    db.session.refresh(member)
    assert member.is_active is True
    assert client.get(f"/{member.slug}/ideer/{idea.id}").status_code == 200
    events = db.session.execute(select(AuditEvent.action, AuditEvent.actor_id, AuditEvent.after)
                                .where(AuditEvent.object_type == "municipality")
                                .order_by(AuditEvent.id)).all()
    actor = people["network_admin"].id
    assert events == [("municipality.deactivated", actor, {"is_active": False}),
                      ("municipality.activated", actor, {"is_active": True})]


def test_a_change_to_the_state_it_has_is_refused(client, auth, people, member):
    auth.login(people["network_admin"])
    page = client.get(f"/nettverk/kommuner/{member.id}/aktiver?lang=en").get_data(as_text=True)
    assert "Medlemby is already a member." in page and "<form method=\"post\"" not in page
    token_page = client.get(f"/nettverk/kommuner/{member.id}/deaktiver")
    response = client.post(f"/nettverk/kommuner/{member.id}/aktiver?lang=en",
                           data={"csrf_token": csrf_from(token_page.get_data(as_text=True))},
                           follow_redirects=True)
    assert "Medlemby is already a member." in response.get_data(as_text=True)
    assert db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "municipality")).all() == []


def test_search_filter_and_pages(client, auth, people, make_municipality):
    for n in range(30):
        make_municipality(f"Kommune {n:02d}", is_active=n % 3 == 0)
    make_municipality("Ålesund", county="Møre og Romsdal", number="1508", is_active=False)
    auth.login(people["network_admin"])
    first = client.get("/nettverk/?lang=en").get_data(as_text=True)
    assert "33 municipalities found" in first and "Page 1 of 2" in first
    assert "Ålesund" not in first and "Utenfor" not in first, "by name, 25 per page"
    second = client.get("/nettverk/?lang=en&side=2").get_data(as_text=True)
    assert "Ålesund" in second and "Utenfor" in second
    for q in ("Ålesund", "alesund", "1508", "Møre"):
        found = client.get(f"/nettverk/?lang=en&q={q}").get_data(as_text=True)
        assert "1 municipality found" in found and "Ålesund" in found, q
    members = client.get("/nettverk/?lang=en&vis=medlemmer").get_data(as_text=True)
    assert "11 municipalities found" in members and "Utenfor" not in members
    others = client.get("/nettverk/?lang=en&vis=andre&q=kommune").get_data(as_text=True)
    assert "20 municipalities found" in others
    assert "No municipality matches the search." in client.get(
        "/nettverk/?lang=en&q=%25%25_").get_data(as_text=True)
