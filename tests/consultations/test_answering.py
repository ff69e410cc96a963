"""Answering before opening, during and after closing; on behalf of organisations; receipts;
changing and withdrawing until the deadline; attachments checked by content."""
from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from app.consultations.models import AnswerStatus, ConsultationAnswer
from app.core.orgnumber import normalise_org_number
from app.core.audit import AuditEvent
from app.files.services import save_document
from tests.conftest import csrf_from, mail_body, submit
from tests.consultations.factories import EXECUTABLE, odt_bytes, oslo, pdf_bytes, upload

UTC = timezone.utc


@pytest.mark.parametrize("value,expected", [
    ("974760673", "974760673"),        # Brønnøysundregistrene
    ("974 760 673", "974760673"),
    ("923609016", "923609016"),        # Equinor ASA
    ("974760674", None),               # wrong check digit
    ("97476067", None),                # eight digits
    ("abcdefghi", None),
    ("", None),
])
def test_organisation_number_mod11(value, expected):
    assert normalise_org_number(value) == expected


def test_an_organisation_number_whose_check_digit_would_be_ten_is_refused():
    # 1*3+0*2+0*7+0*6+0*5+0*4+0*3+0*2 = 3 -> 11 - 3 = 8; find a prefix giving remainder 1
    prefix = next(f"{n:08d}" for n in range(10000000, 10100000)
                  if sum(int(d) * w for d, w in zip(f"{n:08d}", (3, 2, 7, 6, 5, 4, 3, 2))) % 11 == 1)
    assert all(normalise_org_number(prefix + str(d)) is None for d in range(10))


@pytest.fixture
def setting(make_municipality, make_user, make_consultation):
    municipality = make_municipality("Svarby")
    resident = make_user(name="Kari Nordmann", role="resident", municipality=municipality)
    consultation = make_consultation(municipality, questions=["Hva er viktigst for deg?"])
    return municipality, resident, consultation


def _url(consultation, tail="/svar"):
    return f"/svarby/horinger/{consultation.id}{tail}"


def _send(client, consultation, **data):
    values = {"on_behalf": "self", "text": "Jeg vil ha gang- og sykkelvei.",
              "public_notice_accepted": "y"}
    values.update(data)
    return submit(client, _url(consultation) + "?lang=en", values)


def test_answering_while_open_gives_a_pending_answer_and_a_receipt_with_a_copy(
        client, auth, db, outbox, setting):
    _, resident, consultation = setting
    auth.login(resident)
    question = consultation.questions[0]
    response = _send(client, consultation, **{f"question_{question.id}": "Trygg skolevei"},
                     attachment=(io.BytesIO(pdf_bytes()), "innspill.pdf"))
    assert response.status_code == 302
    answer = db.session.scalar(select(ConsultationAnswer))
    assert answer.status is AnswerStatus.pending and answer.author_id == resident.id
    assert answer.reply_to(question) == "Trygg skolevei"
    assert answer.attachment.filename == "innspill.pdf" and not answer.attachment.is_public
    receipt = [m for m in outbox if m["To"] == resident.email][-1]
    body = mail_body(receipt)
    assert "Jeg vil ha gang- og sykkelvei." in body and "Trygg skolevei" in body
    assert "innspill.pdf" in body and f"/svarby/horinger/{consultation.id}" in body
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "answer.submitted"))
    # The sender sees it on the page as waiting; the public does not.
    page = client.get(_url(consultation, "") + "?lang=en").get_data(as_text=True)
    assert "Waiting for moderation" in page


def test_the_public_document_notice_must_be_accepted(client, auth, db, setting):
    _, resident, consultation = setting
    auth.login(resident)
    page = client.get(_url(consultation) + "?lang=en").get_data(as_text=True)
    assert "public case document" in page
    response = _send(client, consultation, public_notice_accepted="")
    assert response.status_code == 200
    assert "Confirm that you have read that answers are public." in response.get_data(as_text=True)
    assert db.session.scalar(select(ConsultationAnswer)) is None


@pytest.mark.parametrize("name,number,ok", [
    ("Holmen velforening", "974760673", True),
    ("Holmen velforening", "974 760 673", True),
    ("Holmen velforening", "974760674", False),
    ("Holmen velforening", "", False),
    ("", "974760673", False),
])
def test_answering_on_behalf_of_an_organisation(client, auth, db, setting, name, number, ok):
    _, resident, consultation = setting
    auth.login(resident)
    response = _send(client, consultation, on_behalf="organisation", organisation_name=name,
                     organisation_number=number)
    answer = db.session.scalar(select(ConsultationAnswer))
    if ok:
        assert response.status_code == 302
        assert (answer.organisation_name, answer.organisation_number) == (name, "974760673")
        assert answer.sender == name
    else:
        assert response.status_code == 200 and answer is None
        assert "error-summary" in response.get_data(as_text=True)


def test_answering_for_oneself_ignores_organisation_fields(client, auth, db, setting):
    _, resident, consultation = setting
    auth.login(resident)
    _send(client, consultation, organisation_name="Noe", organisation_number="123")
    answer = db.session.scalar(select(ConsultationAnswer))
    assert answer.organisation_name is None and answer.organisation_number is None


def test_a_renamed_executable_is_refused_as_attachment(client, auth, db, setting):
    _, resident, consultation = setting
    auth.login(resident)
    response = _send(client, consultation, attachment=(io.BytesIO(EXECUTABLE), "innspill.pdf"))
    assert response.status_code == 200
    assert "Only PDF, Word (DOCX) and OpenDocument (ODT)" in response.get_data(as_text=True)
    assert db.session.scalar(select(ConsultationAnswer)) is None


def test_answering_before_opening_is_refused_with_a_clear_message(
        client, auth, db, clock, make_municipality, make_user, make_consultation):
    municipality = make_municipality("Svarby")
    resident = make_user(role="resident", municipality=municipality)
    consultation = make_consultation(municipality, opens=oslo(2027, 2, 1, 9, 0),
                                     closes=oslo(2027, 4, 1, 12, 0))
    clock.set(oslo(2027, 1, 31, 12, 0))
    auth.login(resident)
    response = client.get(_url(consultation) + "?lang=en")
    assert response.status_code == 403
    assert "opens for answers 1 February 2027 at 09:00" in response.get_data(as_text=True)
    token = csrf_from(client.get("/konto/").get_data(as_text=True))
    response = client.post(_url(consultation), data={"csrf_token": token, "text": "Tidlig",
                                                     "public_notice_accepted": "y"})
    assert response.status_code == 403 and db.session.scalar(select(ConsultationAnswer)) is None


def test_answering_after_the_deadline_is_refused_with_a_clear_message(
        client, auth, db, clock, make_municipality, make_user, make_consultation):
    municipality = make_municipality("Svarby")
    resident = make_user(role="resident", municipality=municipality)
    consultation = make_consultation(municipality, opens=oslo(2026, 11, 1, 9, 0),
                                     closes=oslo(2027, 1, 15, 23, 59, 59))
    clock.set(oslo(2027, 1, 15, 23, 59, 30))
    auth.login(resident)
    form_page = client.get(_url(consultation) + "?lang=en")
    assert form_page.status_code == 200
    token = csrf_from(form_page.get_data(as_text=True))
    clock.set(oslo(2027, 1, 16, 0, 0, 0))
    response = client.post(_url(consultation) + "?lang=en", data={
        "csrf_token": token, "on_behalf": "self", "text": "For sent",
        "public_notice_accepted": "y"})
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "The consultation no longer accepts answers" in page
    assert "15 January 2027 at 23:59" in page
    assert db.session.scalar(select(ConsultationAnswer)) is None
    detail = client.get(_url(consultation, "") + "?lang=en").get_data(as_text=True)
    assert "The consultation no longer accepts answers." in detail
    assert "Answer the consultation" not in detail


def test_anonymous_visitors_are_sent_to_log_in(client, setting):
    _, _, consultation = setting
    response = client.get(_url(consultation))
    assert response.status_code == 302 and "/konto/logg-inn" in response.headers["Location"]


def test_change_until_the_deadline_then_not(client, auth, db, clock, outbox, setting, make_answer):
    _, resident, consultation = setting
    answer = make_answer(consultation, resident, status="approved", text="Først")
    auth.login(resident)
    url = _url(consultation, f"/svar/{answer.id}/endre") + "?lang=en"
    page = client.get(url).get_data(as_text=True)
    assert "Først" in page
    response = submit(client, url, {"on_behalf": "self", "text": "Endret",
                                    "public_notice_accepted": "y"})
    assert response.status_code == 302
    db.session.refresh(answer)
    assert answer.text == "Endret" and answer.status is AnswerStatus.pending
    assert answer.changed_at is not None
    assert "Endret" in mail_body(outbox[-1])
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "answer.changed"))
    assert event.before["text"] == "Først" and event.after["text"] == "Endret"
    clock.set(datetime.now(UTC) + timedelta(days=31))
    auth.login(resident)  # a session ends two weeks after log-in, by the moved clock too
    assert client.get(url).status_code == 403


def test_withdraw_until_the_deadline(client, auth, db, clock, outbox, setting, make_answer,
                                     make_user):
    _, resident, consultation = setting
    answer = make_answer(consultation, resident, status="pending")
    other = make_answer(consultation, make_user(), status="pending")
    auth.login(resident)
    # Someone else's answer cannot be withdrawn.
    assert client.get(_url(consultation, f"/svar/{other.id}/trekk")).status_code == 403
    url = _url(consultation, f"/svar/{answer.id}/trekk") + "?lang=en"
    assert submit(client, url, {}).status_code == 302
    db.session.refresh(answer)
    assert answer.status is AnswerStatus.withdrawn and answer.withdrawn_at is not None
    assert "withdrawn" in outbox[-1]["Subject"]
    # A withdrawn answer cannot be changed or withdrawn again.
    assert client.get(_url(consultation, f"/svar/{answer.id}/endre")).status_code == 403
    assert client.get(url).status_code == 403
    # After the deadline the other answer cannot be withdrawn either.
    auth.logout()
    clock.set(datetime.now(UTC) + timedelta(days=31))
    auth.login(other.author)
    response = client.get(_url(consultation, f"/svar/{other.id}/trekk") + "?lang=en")
    assert response.status_code == 403
    assert "The consultation no longer accepts answers" in response.get_data(as_text=True)


def test_changing_an_answer_keeps_replaces_or_removes_its_attachment(
        client, auth, db, setting, make_answer):

    municipality, resident, consultation = setting
    stored = save_document(upload(pdf_bytes(), "forste.pdf"), municipality, resident)
    answer = make_answer(consultation, resident, status="pending", attachment=stored,
                         organisation_name="Holmen vel", organisation_number="974760673")
    auth.login(resident)
    url = _url(consultation, f"/svar/{answer.id}/endre") + "?lang=en"
    page = client.get(url).get_data(as_text=True)
    assert "forste.pdf" in page and 'value="974760673"' in page
    base = {"on_behalf": "organisation", "organisation_name": "Holmen vel",
            "organisation_number": "974760673", "public_notice_accepted": "y"}
    submit(client, url, {**base, "text": "Uten ny fil"})
    db.session.refresh(answer)
    assert answer.attachment.filename == "forste.pdf" and answer.text == "Uten ny fil"
    submit(client, url, {**base, "text": "Ny fil",
                         "attachment": (io.BytesIO(odt_bytes()), "andre.odt")})
    db.session.refresh(answer)
    assert answer.attachment.filename == "andre.odt"
    submit(client, url, {**base, "text": "Uten fil", "remove_attachment": "y"})
    db.session.refresh(answer)
    assert answer.attachment is None
