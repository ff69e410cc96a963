"""Which answers the public sees: approved ones only, at once or after the deadline as set."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from app.consultations.permissions import answers_are_public, can_see_answer
from app.files.services import save_document
from tests.consultations.factories import pdf_bytes, upload

UTC = timezone.utc


@pytest.fixture
def answers(make_municipality, make_user, make_consultation, make_answer):
    def build(visibility):
        municipality = make_municipality("Synlig")
        consultation = make_consultation(municipality, visibility=visibility)
        result = {status: make_answer(consultation, make_user(name=f"Avsender {status}"),
                                      status=status, text=f"Tekst {status}")
                  for status in ("approved", "pending", "rejected", "withdrawn")}
        return consultation, result

    return build


def _page(client, consultation):
    return client.get(f"/synlig/horinger/{consultation.id}?lang=en").get_data(as_text=True)


@pytest.mark.parametrize("visibility,during,after", [
    ("immediately", True, True),
    ("after_deadline", False, True),
])
def test_approved_answers_are_shown_per_setting(client, db, clock, answers, visibility, during,
                                                after):
    consultation, by_status = answers(visibility)
    page = _page(client, consultation)
    assert ("Tekst approved" in page) is during
    assert answers_are_public(consultation) is during
    if not during:
        assert "Answers are published after the deadline" in page
    clock.set(datetime.now(UTC) + timedelta(days=31))
    page = _page(client, consultation)
    assert ("Tekst approved" in page) is after
    for status in ("pending", "rejected", "withdrawn"):
        assert f"Tekst {status}" not in page


def test_the_sender_and_moderators_see_unpublished_answers(app, db, clock, answers, make_user):
    consultation, by_status = answers("after_deadline")
    pending = by_status["pending"]
    moderator = make_user(role="moderator", municipality=consultation.municipality)
    stranger = make_user()
    with app.test_request_context():
        assert can_see_answer(pending.author, pending)
        assert can_see_answer(moderator, pending)
        assert not can_see_answer(stranger, pending)
        assert not can_see_answer(stranger, by_status["approved"])
        clock.set(datetime.now(UTC) + timedelta(days=31))
        assert can_see_answer(stranger, by_status["approved"])
        assert not can_see_answer(stranger, by_status["rejected"])


def test_attachments_follow_the_answer(client, db, clock, auth, make_municipality, make_user,
                                       make_consultation, make_answer):

    municipality = make_municipality("Synlig")
    consultation = make_consultation(municipality, visibility="after_deadline")
    author = make_user()
    stored = save_document(upload(pdf_bytes(), "vedlegg.pdf"), municipality, author)
    answer = make_answer(consultation, author, status="approved", attachment=stored)
    url = f"/synlig/horinger/{consultation.id}/svar/{answer.id}/vedlegg"
    assert client.get(url).status_code == 404
    # The general file route does not serve it either: the file is not public.
    assert client.get(f"/synlig/filer/{stored.id}").status_code == 404
    auth.login(author)
    assert client.get(url).status_code == 200
    auth.logout()
    clock.set(datetime.now(UTC) + timedelta(days=31))
    response = client.get(url)
    assert response.status_code == 200 and response.data == pdf_bytes()
    assert response.headers["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("status", ["pending", "approved"])  # approved: not public before the deadline
@pytest.mark.parametrize("viewer,code", [
    ("anonymous", 404), ("other resident", 404), ("moderator elsewhere", 404),
    ("admin elsewhere", 404), ("author", 200), ("moderator here", 200), ("admin here", 200),
])
def test_a_private_attachment_answers_the_same_at_both_urls(client, db, auth, make_municipality,
                                                            make_user, make_consultation,
                                                            make_answer, status, viewer, code):
    municipality, elsewhere = make_municipality("Synlig"), make_municipality("Annen")
    consultation = make_consultation(municipality, visibility="after_deadline")
    author = make_user(municipality=municipality)
    stored = save_document(upload(pdf_bytes(), "vedlegg.pdf"), municipality, author)
    answer = make_answer(consultation, author, status=status, attachment=stored)
    users = {"other resident": lambda: make_user(municipality=municipality),
             "moderator elsewhere": lambda: make_user(role="moderator", municipality=elsewhere),
             "admin elsewhere": lambda: make_user(role="admin", municipality=elsewhere),
             "author": lambda: author,
             "moderator here": lambda: make_user(role="moderator", municipality=municipality),
             "admin here": lambda: make_user(role="admin", municipality=municipality)}
    if viewer in users:
        auth.login(users[viewer]())
    answer_url = f"/synlig/horinger/{consultation.id}/svar/{answer.id}/vedlegg"
    file_url = f"/synlig/filer/{stored.id}"
    assert [client.get(answer_url).status_code, client.get(file_url).status_code] == [code, code]
