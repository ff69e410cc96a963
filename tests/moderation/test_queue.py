"""The queue, decisions, reports, bulk actions, blocks, the audit log and the mails."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.audit import AuditEvent
from app.ideas.models import Idea, IdeaComment, IdeaStatusChange
from app.moderation import queries, services
from app.moderation.models import Block, Decision, ModerationState, Report, ReportReason
from app.municipalities.models import ModerationMode
from tests.conftest import mail_body, submit
from tests.moderation.factories import age_account

P = ModerationState.pending


@pytest.fixture
def voss(make_municipality, make_user):
    municipality = make_municipality("Voss", moderation_mode=ModerationMode.pre)
    return (municipality, make_user(role="moderator", municipality=municipality, name="Mona Moderator"),
            make_user(role="resident", municipality=municipality, name="Rolf Resident"))


def state(db, model, item_id):
    db.session.expire_all()
    return db.session.get(model, item_id).moderation_state


def test_queue_shows_pending_and_reported_items_oldest_first_with_age(
        client, auth, db, voss, make_idea, make_comment, make_municipality, make_user):
    municipality, moderator, resident = voss
    newer = make_idea(municipality, resident, title="Nyere idé", state=P)
    older = make_idea(municipality, resident, title="Eldre idé", state=P)
    older.created_at -= timedelta(days=3)
    published = make_idea(municipality, resident, title="Publisert", state=ModerationState.published)
    comment = make_comment(published, resident, "Ventende kommentar")
    other = make_municipality("Bergen")
    make_idea(other, make_user(role="resident", municipality=other), title="Bergens idé", state=P)
    db.session.commit()
    auth.login(moderator)
    html = client.get("/voss/moderering/?lang=en").get_data(as_text=True)
    assert html.index("Eldre idé") < html.index("Nyere idé") < html.index("Ventende kommentar")
    assert "Bergens idé" not in html and "Publisert</a></h2>" not in html
    assert "3 items wait for a moderator" in html and "Waiting for 3 days" in html
    assert 'class="count-badge">3' in html  # the header badge
    assert comment.moderation_state is P


def test_approve_publishes_and_mails_the_author(client, auth, db, outbox, voss, make_idea):
    municipality, moderator, resident = voss
    idea = make_idea(municipality, resident, state=P)
    auth.login(moderator)
    outbox.clear()
    response = submit(client, f"/voss/moderering/idea/{idea.id}",
                      {"decision": "approve", "reason": "", "note": "Fint forslag"})
    assert response.status_code == 302
    assert state(db, Idea, idea.id) is ModerationState.published
    assert [m["To"] for m in outbox] == [resident.email]
    assert "Fint forslag" in mail_body(outbox[0]) and f"/voss/ideer/{idea.id}" in mail_body(outbox[0])
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "moderation.approve"))
    assert (event.actor_id, event.before, event.after) == (
        moderator.id, {"state": "pending"}, {"state": "published"})
    kinds = [c.kind for c in db.session.scalars(select(IdeaStatusChange).where(
        IdeaStatusChange.idea_id == idea.id).order_by(IdeaStatusChange.id))]
    assert kinds == ["submitted", "moderation"]


def test_reject_needs_a_reason_from_the_list_or_free_text(client, auth, db, outbox, voss, make_idea):
    municipality, moderator, resident = voss
    idea = make_idea(municipality, resident, state=P)
    auth.login(moderator)
    url = f"/voss/moderering/idea/{idea.id}"
    response = submit(client, url + "?lang=en", {"decision": "reject", "reason": "", "note": ""})
    assert "Give a reason: the author is told why." in response.get_data(as_text=True)
    assert state(db, Idea, idea.id) is P
    reasons = queries.active_reasons(municipality)
    outbox.clear()
    submit(client, url, {"decision": "reject", "reason": reasons[2].text, "note": "Lenker til butikk"})
    assert state(db, Idea, idea.id) is ModerationState.rejected
    assert reasons[2].text in mail_body(outbox[0]) and "Lenker til butikk" in mail_body(outbox[0])
    # a decision that does not fit the state is refused
    response = submit(client, url + "?lang=en", {"decision": "approve"})
    assert "Not a valid choice" in response.get_data(as_text=True)


def test_report_threshold_hides_until_review_and_dismiss_restores(client, auth, db, outbox,
                                                                  make_municipality, make_user,
                                                                  make_idea):
    municipality = make_municipality("Asker")
    moderator = make_user(role="moderator", municipality=municipality)
    author = make_user(role="resident", municipality=municipality)
    idea = make_idea(municipality, author)
    reporters = [age_account(make_user(role="resident", municipality=municipality))
                 for _ in range(3)]
    outbox.clear()
    for n, reporter in enumerate(reporters):
        auth.login(reporter)
        url = f"/asker/moderering/meld/idea/{idea.id}"
        response = submit(client, url + "?lang=en", {"reason": "offensive", "text": f"nr {n}"})
        assert response.status_code == 302
        if n == 0:
            again = submit(client, url + "?lang=en", {"reason": "spam"})
            assert "You have already reported this" in client.get(
                again.headers["Location"] + "?lang=en").get_data(as_text=True)
        auth.logout()
        expected = ModerationState.hidden if n == 2 else ModerationState.published
        assert state(db, Idea, idea.id) is expected
    assert client.get(f"/asker/ideer/{idea.id}").status_code == 410  # taken down: the public sees that it was removed
    assert moderator.email in [m["To"] for m in outbox]  # moderators were told
    auth.login(moderator)
    html = client.get("/asker/moderering/?lang=en").get_data(as_text=True)
    assert "3 open reports" in html and "Offensive or hateful" in html and "nr 2" in html
    submit(client, f"/asker/moderering/idea/{idea.id}", {"decision": "dismiss", "note": "Innenfor"})
    assert state(db, Idea, idea.id) is ModerationState.published
    assert queries.open_reports(db.session.get(Idea, idea.id)) == []
    assert "The queue is empty" in client.get("/asker/moderering/?lang=en").get_data(as_text=True)


def test_other_reason_needs_text_and_authors_cannot_report_themselves(client, auth, db, make_municipality,
                                                                       make_user, make_idea):
    municipality = make_municipality("Asker")
    author = make_user(role="resident", municipality=municipality)
    idea = make_idea(municipality, author)
    auth.login(author)
    assert client.get(f"/asker/moderering/meld/idea/{idea.id}").status_code == 403
    auth.logout()
    auth.login(make_user(role="resident", municipality=municipality))
    response = submit(client, f"/asker/moderering/meld/idea/{idea.id}?lang=en", {"reason": "other"})
    assert "Tell us what is wrong" in response.get_data(as_text=True)
    assert db.session.scalar(select(Report)) is None


def test_hide_and_restore_a_published_comment(client, auth, db, outbox, voss, make_idea, make_comment):
    municipality, moderator, resident = voss
    idea = make_idea(municipality, resident, state=ModerationState.published)
    comment = make_comment(idea, resident, "Stygg kommentar", state=ModerationState.published)
    assert db.session.get(Idea, idea.id).comment_count == 1
    auth.login(moderator)
    url = f"/voss/moderering/ideacomment/{comment.id}"
    submit(client, url, {"decision": "hide", "note": "Personangrep"})
    assert state(db, IdeaComment, comment.id) is ModerationState.hidden
    assert db.session.get(Idea, idea.id).comment_count == 0
    submit(client, url, {"decision": "restore", "note": "Klaget inn, ok likevel"})
    assert state(db, IdeaComment, comment.id) is ModerationState.published
    assert db.session.get(Idea, idea.id).comment_count == 1
    actions = [e.action for e in db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "ideacomment").order_by(AuditEvent.id))]
    assert actions[-2:] == ["moderation.hide", "moderation.restore"]


def test_bulk_actions(client, auth, db, voss, make_idea, make_municipality, make_user):
    municipality, moderator, resident = voss
    ideas = [make_idea(municipality, resident, state=P) for _ in range(3)]
    other = make_municipality("Bergen")
    foreign = make_idea(other, make_user(role="resident", municipality=other), state=P)
    auth.login(moderator)
    response = submit(client, "/voss/moderering/handling",
                      {"items": [f"idea:{ideas[0].id}", f"idea:{ideas[1].id}", f"idea:{foreign.id}",
                                 "nonsense:1"],
                       "decision": "approve", "reason": "", "note": ""},
                      form_url="/voss/moderering/")
    assert response.status_code == 302
    assert [state(db, Idea, i.id) for i in ideas] == [ModerationState.published] * 2 + [P]
    assert state(db, Idea, foreign.id) is P  # another municipality's item is never touched
    # reject without a reason: left as it was, and the moderator is told
    response = submit(client, "/voss/moderering/handling?lang=en",
                      {"items": [f"idea:{ideas[2].id}"], "decision": "reject"},
                      form_url="/voss/moderering/")
    assert state(db, Idea, ideas[2].id) is P
    assert "left as it was" in client.get("/voss/moderering/?lang=en").get_data(as_text=True)


def test_block_a_user_in_one_municipality(client, auth, db, outbox, voss, make_idea,
                                          make_municipality):
    municipality, moderator, resident = voss
    idea = make_idea(municipality, resident, state=P)
    make_municipality("Bergen")
    auth.login(moderator)
    outbox.clear()
    submit(client, f"/voss/moderering/idea/{idea.id}/blokker", {"reason": "Gjentatt spam"},
           form_url=f"/voss/moderering/idea/{idea.id}")
    assert db.session.scalar(select(Block)).user_id == resident.id
    assert outbox[-1]["To"] == resident.email and "Gjentatt spam" in mail_body(outbox[-1])
    auth.logout()
    auth.login(resident)
    response = client.get("/voss/ideer/ny?lang=en")
    assert response.status_code == 403 and "blocked you" in response.get_data(as_text=True)
    assert client.get("/bergen/ideer/ny").status_code == 200  # only in Voss
    auth.logout()
    auth.login(moderator)
    block = db.session.scalar(select(Block))
    submit(client, f"/voss/moderering/blokkerte/{block.id}/opphev", {},
           form_url="/voss/moderering/blokkerte")
    assert db.session.scalar(select(Block)) is None


def test_staff_cannot_be_blocked(db, voss, make_user):
    municipality, moderator, _ = voss
    with pytest.raises(services.ModerationError):
        services.block_user(make_user(role="admin", municipality=municipality), moderator,
                            municipality, "nei")


def test_decide_refuses_moderators_of_another_municipality(db, voss, make_idea, make_municipality,
                                                           make_user):
    municipality, _, resident = voss
    idea = make_idea(municipality, resident, state=P)
    other = make_municipality("Bergen")
    with pytest.raises(services.ModerationError):
        services.decide(idea, make_user(role="moderator", municipality=other), Decision.approve)
    assert idea.moderation_state is P


def test_audit_log_page_and_csv_for_admins_only(client, auth, db, voss, make_idea, make_user):
    municipality, moderator, resident = voss
    idea = make_idea(municipality, resident, title="=HYPERLINK(\"http://x\")", state=P)
    services.decide(idea, moderator, Decision.reject, "Reklame")
    db.session.commit()
    auth.login(moderator)
    assert client.get("/voss/moderering/logg").status_code == 403
    assert client.get("/voss/moderering/logg.csv").status_code == 403
    auth.logout()
    auth.login(make_user(role="admin", municipality=municipality))
    html = client.get("/voss/moderering/logg?lang=en").get_data(as_text=True)
    assert "moderation.reject" in html and "Mona Moderator" in html
    response = client.get("/voss/moderering/logg.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")),
                               delimiter=";"))
    reject = [r for r in rows if r["action"] == "moderation.reject"][0]
    assert reject["actor"] == "Mona Moderator" and reject["reason"] == "Reklame"
    assert reject["before"] == '{"state": "pending"}' and reject["after"] == '{"state": "rejected"}'
    assert all(not r["reason"].startswith("=") for r in rows)


def test_settings_edit_reasons_and_threshold(client, auth, db, voss, make_user):
    municipality, moderator, _ = voss
    auth.login(moderator)
    assert client.get("/voss/moderering/innstillinger").status_code == 403
    auth.logout()
    auth.login(make_user(role="admin", municipality=municipality))
    submit(client, "/voss/moderering/innstillinger",
           {"report_threshold": "5", "reasons": "Hets\nReklame\n\n"})
    assert queries.current_settings(municipality).report_threshold == 5
    assert [r.text for r in queries.active_reasons(municipality)] == ["Hets", "Reklame"]
    response = submit(client, "/voss/moderering/innstillinger?lang=en",
                      {"report_threshold": "0", "reasons": "Hets"})
    assert "Enter a whole number from 1 to 100." in response.get_data(as_text=True)


def test_moderators_are_mailed_at_most_once_an_hour(db, outbox, voss, make_idea, make_user):
    municipality, moderator, resident = voss
    outbox.clear()
    for _ in range(3):
        make_idea(municipality, resident, state=None)
    assert [m["To"] for m in outbox] == [moderator.email]
    assert "3 contributions" not in mail_body(outbox[0])  # sent at the first one



def test_comments_of_a_hidden_idea_cannot_be_seen_or_reported(client, auth, db, make_municipality,
                                                              make_user, make_idea, make_comment):
    municipality = make_municipality("Asker")
    author = make_user(role="resident", municipality=municipality)
    idea = make_idea(municipality, author, title="Skjult idé")
    comment = make_comment(idea, author, "Kommentar")
    idea.moderation_state = ModerationState.hidden
    db.session.commit()
    auth.login(make_user(role="resident", municipality=municipality))
    assert client.get(f"/asker/moderering/meld/ideacomment/{comment.id}").status_code == 404
