"""Answers go through the municipality's shared moderation queue before they are shown."""
from __future__ import annotations

from sqlalchemy import select

from app.consultations.models import AnswerStatus, ConsultationAnswer
from app.moderation.models import ModerationState
from app.municipalities.models import ModerationMode
from tests.conftest import submit



def test_answers_wait_in_the_shared_queue_even_under_post_moderation(
        client, db, auth, outbox, make_municipality, make_user, make_consultation):
    municipality = make_municipality("Kø", slug="ko", moderation_mode=ModerationMode.post)
    moderator = make_user(role="moderator", municipality=municipality)
    resident = make_user(name="Per Svarer")
    consultation = make_consultation(municipality, visibility="immediately")
    auth.login(resident)
    submit(client, f"/ko/horinger/{consultation.id}/svar", {
        "on_behalf": "self", "text": "Et svar som må godkjennes", "public_notice_accepted": "y"})
    answer = db.session.scalar(select(ConsultationAnswer))
    assert answer.moderation_state is ModerationState.pending
    assert "Et svar som må godkjennes" not in client.get(
        f"/ko/horinger/{consultation.id}?lang=en").get_data(as_text=True).split("Your answers")[0]
    auth.logout()
    auth.login(moderator)
    queue = client.get("/ko/moderering/?lang=en").get_data(as_text=True)
    assert "Et svar som må godkjennes" in queue
    item_url = f"/ko/moderering/{answer.moderation_key}/{answer.id}"
    assert "Et svar som må godkjennes" in client.get(item_url).get_data(as_text=True)
    response = submit(client, item_url, {"decision": "approve"})
    assert response.status_code == 302
    db.session.refresh(answer)
    assert answer.status is AnswerStatus.approved
    auth.logout()
    page = client.get(f"/ko/horinger/{consultation.id}?lang=en").get_data(as_text=True)
    assert "Et svar som må godkjennes" in page and "Per Svarer" in page


def test_a_changed_answer_goes_back_to_the_queue_and_a_withdrawn_one_leaves_it(
        client, db, auth, make_municipality, make_user, make_consultation, make_answer):
    municipality = make_municipality("Kø", slug="ko")
    moderator = make_user(role="moderator", municipality=municipality)
    resident = make_user()
    consultation = make_consultation(municipality, visibility="immediately")
    answer = make_answer(consultation, resident, status="approved", text="Godkjent først")
    auth.login(resident)
    submit(client, f"/ko/horinger/{consultation.id}/svar/{answer.id}/endre",
           {"on_behalf": "self", "text": "Endret etterpå", "public_notice_accepted": "y"})
    db.session.refresh(answer)
    assert answer.moderation_state is ModerationState.pending
    assert "Endret etterpå" not in client.get(f"/ko/horinger/{consultation.id}").get_data(
        as_text=True).split('id="answers-heading"')[1]
    submit(client, f"/ko/horinger/{consultation.id}/svar/{answer.id}/trekk", {})
    auth.logout()
    auth.login(moderator)
    assert "Endret etterpå" not in client.get("/ko/moderering/").get_data(as_text=True)
    db.session.refresh(answer)
    assert answer.status is AnswerStatus.withdrawn and not answer.is_approved
