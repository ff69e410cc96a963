"""Creating, publishing, documents, invited bodies, the six-week rule and the conclusion."""
from __future__ import annotations

import io
import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from app.core.audit import AuditEvent
from app.core.clock import aware
from app.consultations.models import Consultation, Phase
from tests.conftest import link_in, mail_body, submit
from tests.consultations.factories import EXECUTABLE, odt_bytes, oslo, pdf_bytes

UTC = timezone.utc


@pytest.fixture
def admin_setting(make_municipality, make_user, auth):
    municipality = make_municipality("Planby")
    admin = make_user(role="admin", municipality=municipality)
    auth.login(admin)
    return municipality, admin


def _form(**overrides):
    data = {"kind": "general", "title_nb": "Ny barnehage", "summary_nb": "Hvor skal den ligge?",
            "body_nb": "Les mer.", "theme": "innbyggerinvolvering", "sdgs": ["4", "11"],
            "opens_at": "2027-03-01T12:00", "closes_at": "2027-04-12T12:00",
            "answer_visibility": "after_deadline", "contact_name": "Ola Saksbehandler",
            "contact_email": "ola@planby.kommune.no", "questions_nb": "Hva synes du?\nNoe mer?"}
    data.update(overrides)
    return data


def test_admin_creates_a_draft_with_oslo_times(client, db, auth, admin_setting, clock):
    clock.set(oslo(2027, 2, 1, 9, 0))
    auth.login(admin_setting[1])  # a session ends two weeks after log-in, by the moved clock too
    response = submit(client, "/planby/admin/horinger/ny?lang=en", _form())
    assert response.status_code == 302
    consultation = db.session.scalar(select(Consultation))
    assert consultation.phase is Phase.draft
    assert consultation.sdgs == [4, 11] and consultation.theme == "innbyggerinvolvering"
    # 1 March 12:00 in Oslo is 11:00 UTC (winter); 12 April 12:00 is 10:00 UTC (summer),
    # and the deadline runs to the end of the minute.
    opens = aware(consultation.opens_at)
    closes = aware(consultation.closes_at)
    assert opens == datetime(2027, 3, 1, 11, 0, tzinfo=UTC)
    assert closes == datetime(2027, 4, 12, 10, 0, 59, 999999, tzinfo=UTC)
    assert [q.text_nb for q in consultation.questions] == ["Hva synes du?", "Noe mer?"]
    # Admins see their draft's public page (others get a 404: see the next test).
    assert client.get(f"/planby/horinger/{consultation.id}").status_code == 200
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "consultation.created"))


def test_a_draft_is_hidden_from_everyone_but_admins(client, db, make_municipality,
                                                    make_consultation, make_user, auth):
    municipality = make_municipality("Planby")
    draft = make_consultation(municipality, published=False)
    assert client.get(f"/planby/horinger/{draft.id}").status_code == 404
    assert "Ny skole" not in client.get("/planby/horinger/").get_data(as_text=True)
    auth.login(make_user(role="moderator", municipality=municipality))
    assert client.get(f"/planby/horinger/{draft.id}").status_code == 404


def test_a_form_needs_a_written_form_and_matching_questions(client, db, admin_setting):
    response = submit(client, "/planby/admin/horinger/ny?lang=en", _form(
        title_nb="", summary_nb="", body_nb="", questions_nn="Ett\nTo\nTre"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Write the consultation in bokmål, nynorsk or both." in page
    assert "Give the same number of questions in both written forms." in page


def test_a_time_that_does_not_exist_in_norway_is_refused(client, db, admin_setting):
    response = submit(client, "/planby/admin/horinger/ny?lang=en",
                      _form(opens_at="2027-03-28T02:30"))
    assert response.status_code == 200
    assert "That time does not exist in Norway" in response.get_data(as_text=True)


# --- the six-week rule -------------------------------------------------------------------------

@pytest.mark.parametrize("closes_at,ok", [
    ("2027-04-12T12:00", True),    # exactly six weeks on the Oslo calendar, across summer time
    ("2027-04-12T11:58", False),   # short by two minutes
    ("2027-03-29T12:00", False),   # four weeks
])
def test_plan_consultations_last_at_least_six_weeks(client, db, admin_setting, closes_at, ok):
    response = submit(client, "/planby/admin/horinger/ny?lang=en",
                      _form(kind="plan", closes_at=closes_at))
    assert (response.status_code == 302) is ok
    if not ok:
        assert "at least six weeks" in response.get_data(as_text=True)


def test_a_general_consultation_may_be_short(client, db, admin_setting):
    response = submit(client, "/planby/admin/horinger/ny?lang=en",
                      _form(kind="general", closes_at="2027-03-08T12:00"))
    assert response.status_code == 302


def test_a_shorter_plan_period_needs_a_reason_kept_in_the_audit_log(client, db, admin_setting):
    municipality, admin = admin_setting
    reason = "Mindre endring av reguleringsplan, jf. pbl. § 12-14 andre ledd."
    response = submit(client, "/planby/admin/horinger/ny?lang=en",
                      _form(kind="plan", closes_at="2027-03-29T12:00", short_period_reason=reason))
    assert response.status_code == 302
    consultation = db.session.scalar(select(Consultation))
    assert consultation.short_period_reason == reason
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "consultation.short_period_allowed"))
    assert event.reason == reason and event.actor_id == admin.id
    assert event.municipality_id == municipality.id and event.object_id == consultation.id


def test_the_deadline_must_follow_the_opening(client, db, admin_setting):
    response = submit(client, "/planby/admin/horinger/ny?lang=en",
                      _form(closes_at="2027-02-28T12:00"))
    assert "The deadline must be after the opening." in response.get_data(as_text=True)


# --- publishing, documents, invitations -----------------------------------------------------

def test_documents_invitations_and_publishing(client, db, auth, outbox, admin_setting, clock):
    municipality, admin = admin_setting
    clock.set(oslo(2027, 2, 1, 9, 0))
    auth.login(admin)  # a session ends two weeks after log-in, by the moved clock too
    submit(client, "/planby/admin/horinger/ny", _form())
    consultation = db.session.scalar(select(Consultation))
    base = f"/planby/admin/horinger/{consultation.id}"

    response = submit(client, f"{base}/dokumenter?lang=en",
                      {"document": (io.BytesIO(EXECUTABLE), "planbeskrivelse.pdf")})
    assert "Only PDF, Word (DOCX) and OpenDocument (ODT)" in response.get_data(as_text=True)
    submit(client, f"{base}/dokumenter", {"document": (io.BytesIO(pdf_bytes()), "plan.pdf"),
                                          "title": "Planbeskrivelse"})
    submit(client, f"{base}/dokumenter", {"document": (io.BytesIO(odt_bytes()), "kart.odt")})
    db.session.refresh(consultation)
    assert [d.stored_file.filename for d in consultation.documents] == ["plan.pdf", "kart.odt"]
    assert not any(d.stored_file.is_public for d in consultation.documents)

    response = submit(client, f"{base}/instanser?lang=en", {"bodies": "Statens vegvesen; firmapost@vegvesen.no\nUten adresse"})
    assert "Could not read this line: Uten adresse" in response.get_data(as_text=True)
    submit(client, f"{base}/instanser", {"bodies": "Statens vegvesen; firmapost@vegvesen.no\n"
                                                   "Holmen velforening <post@holmen-vel.no>"})
    assert outbox == []  # a draft sends no invitations

    response = submit(client, f"{base}/publiser", {}, form_url=base)
    assert response.status_code == 302
    db.session.refresh(consultation)
    assert consultation.phase is Phase.scheduled
    assert all(d.stored_file.is_public for d in consultation.documents)
    assert sorted(m["To"] for m in outbox) == ["firmapost@vegvesen.no", "post@holmen-vel.no"]
    assert f"/planby/horinger/{consultation.id}" in link_in(outbox[0])
    assert "1. mars 2027" in mail_body(outbox[0]) or "12. april 2027" in mail_body(outbox[0])

    # A body added after publishing is invited at once; a repeated address is skipped.
    submit(client, f"{base}/instanser", {"bodies": "Statsforvalteren; sfvlpost@statsforvalteren.no\n"
                                                   "Statens vegvesen; firmapost@vegvesen.no"})
    assert len(outbox) == 3 and outbox[-1]["To"] == "sfvlpost@statsforvalteren.no"

    page = client.get(f"/planby/horinger/{consultation.id}?lang=en").get_data(as_text=True)
    for name in ("Statens vegvesen", "Holmen velforening", "Statsforvalteren", "Planbeskrivelse"):
        assert name in page
    assert "firmapost@vegvesen.no" not in page  # the public list shows names only


def test_publishing_refuses_a_deadline_in_the_past(client, db, admin_setting, clock,
                                                   make_consultation):
    municipality, _ = admin_setting
    consultation = make_consultation(municipality, published=False, opens=oslo(2026, 1, 1, 9, 0),
                                     closes=oslo(2026, 2, 1, 9, 0))
    base = f"/planby/admin/horinger/{consultation.id}"
    submit(client, f"{base}/publiser?lang=en", {}, form_url=base)
    db.session.refresh(consultation)
    assert consultation.published_at is None


# --- conclusion ------------------------------------------------------------------------------

def test_conclusion_after_the_deadline_is_mailed_and_shown_first(
        client, db, auth, outbox, clock, admin_setting, make_consultation, make_answer, make_user):
    municipality, admin = admin_setting
    consultation = make_consultation(municipality)
    people = [make_user(name=f"Person {n}") for n in range(3)]
    make_answer(consultation, people[0], status="approved")
    make_answer(consultation, people[1], status="pending")
    make_answer(consultation, people[1], status="approved")
    make_answer(consultation, people[2], status="withdrawn")
    url = f"/planby/admin/horinger/{consultation.id}/konklusjon?lang=en"
    # Before the deadline: no form, and a POST changes nothing.
    assert "can be published after the deadline" in client.get(url).get_data(as_text=True)

    clock.set(datetime.now(UTC) + timedelta(days=31))
    auth.login(admin)  # a session ends two weeks after log-in, by the moved clock too
    response = submit(client, url, {"conclusion_nb": "Kommunestyret vedtok planen 3. mai."})
    assert response.status_code == 302
    db.session.refresh(consultation)
    assert consultation.phase is Phase.concluded
    assert sorted(m["To"] for m in outbox) == sorted([people[0].email, people[1].email])
    assert "Kommunestyret vedtok planen 3. mai." in mail_body(outbox[0])
    page = client.get(f"/planby/horinger/{consultation.id}?lang=en").get_data(as_text=True)
    assert page.index("What came of the input") < page.index("Kort om saken.")
    # Changing the conclusion later sends no new mails.
    submit(client, url, {"conclusion_nb": "Rettet dato."})
    assert len(outbox) == 2


# --- defaults and drafts -----------------------------------------------------------------------

def test_the_municipalitys_default_visibility_prefills_new_consultations(client, db,
                                                                         admin_setting):
    municipality, admin = admin_setting
    new_form = client.get("/planby/admin/horinger/ny").get_data(as_text=True)
    assert re.search(r'value="after_deadline"[^>]*checked|checked[^>]*value="after_deadline"',
                     new_form)
    response = submit(client, "/planby/admin/horinger/?lang=en",
                      {"default_answer_visibility": "immediately"})
    assert response.status_code == 302
    new_form = client.get("/planby/admin/horinger/ny").get_data(as_text=True)
    assert re.search(r'value="immediately"[^>]*checked|checked[^>]*value="immediately"', new_form)
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "consultation_settings.changed"))
    assert event.after == {"default_answer_visibility": "immediately"}


def test_only_drafts_can_be_deleted(client, db, admin_setting, make_consultation):
    municipality, _ = admin_setting
    draft = make_consultation(municipality, published=False)
    published = make_consultation(municipality)
    draft_id = draft.id
    submit(client, f"/planby/admin/horinger/{draft_id}/slett", {},
           form_url=f"/planby/admin/horinger/{draft_id}")
    submit(client, f"/planby/admin/horinger/{published.id}/slett", {},
           form_url=f"/planby/admin/horinger/{published.id}")
    remaining = set(db.session.scalars(select(Consultation.id)))
    assert remaining == {published.id}
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "consultation.draft_deleted", AuditEvent.object_id == draft_id))


@pytest.mark.parametrize("lang,goal_3,goal_11", [
    ("nb", "3. God helse og livskvalitet", "11. Bærekraftige byer og lokalsamfunn"),
    ("nn", "3. God helse og livskvalitet", "11. Berekraftige byar og lokalsamfunn"),
])
def test_the_goal_checkboxes_are_norwegian(client, admin_setting, make_consultation, lang,
                                           goal_3, goal_11):
    municipality, _admin = admin_setting
    consultation = make_consultation(municipality, sdgs=[11])
    for path in ("/planby/admin/horinger/ny", f"/planby/admin/horinger/{consultation.id}"):
        page = client.get(f"{path}?lang={lang}").get_data(as_text=True)
        assert goal_3 in page and goal_11 in page
        assert "Good health and well-being" not in page
        assert "Sustainable cities and communities" not in page
    # the goals the consultation has are ticked
    assert re.search(r'<input[^>]*checked[^>]*value="11"|<input[^>]*value="11"[^>]*checked', page)
