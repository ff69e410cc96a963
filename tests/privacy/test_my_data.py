"""My contributions, the "Mine data" download and deleting one's own account, with two people who
took part in the same things: each sees exactly their own, and a deletion leaves no trace of the
person while every count and result stays right."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import Text, cast, func, select

from app.consultations.models import ConsultationAnswer
from app.core.audit import AuditEvent
from app.ideas.models import Idea, IdeaComment
from app.privacy.erasure import _kind
from app.surveys.models import SurveyResponse, SurveyTextAnswer
from app.votes.results import count_ballots, votes_per_project
from tests.conftest import PASSWORD, submit
from tests.ideas.factories import create_idea
from tests.network.test_topics import count_queries
from tests.privacy.factories import build_world


@pytest.fixture
def world(db, make_municipality, make_user):
    return build_world(make_municipality, make_user)


def download(client) -> dict:
    response = client.get("/konto/mine-data/last-ned")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"].startswith("no-store") or "private" in \
        response.headers["Cache-Control"]
    return json.loads(response.get_data(as_text=True))


def test_the_download_holds_exactly_my_own_data(client, auth, world):
    kari, ola = world.kari, world.ola
    auth.login(kari.user)
    data = download(client)
    text = json.dumps(data, ensure_ascii=False)
    assert data["account"]["email"] == "kari.personvernsen@example.no"
    assert data["account"]["display_name"] == "Kari Personvernsen"
    assert [m["municipality"] for m in data["memberships"]] == ["personvik"]
    assert [i["id"] for i in data["ideas"]] == [kari.idea.id]
    assert [c["id"] for c in data["comments"]] == [kari.comment.id]
    assert [s["idea_id"] for s in data["supports"]] == [ola.idea.id]
    assert [(r["object_id"], r["reason"]) for r in data["reports"]] == [(ola.idea.id, "spam")]
    [answer] = data["consultation_answers"]
    assert answer["id"] == kari.answer.id and answer["organisation"] == "Velforeningen Sentrum"
    [response] = data["survey_answers"]
    assert response["id"] == kari.response.id and response["answers"] and response["texts"]
    [ballot] = data["ballots"]
    assert [c["project_id"] for c in ballot["choices"]] == kari.ballot_projects
    assert data["login_sessions"] == 1
    assert any(e["action"] == "answer.submitted" for e in data["audit_events"])
    # nothing of Ola's: not his name, address, texts, ballot choices or ids
    assert "Ola Annensen" not in text and "ola.annensen" not in text
    assert "Hører ikke hjemme her" not in text
    assert ola.idea.id not in [i["id"] for i in data["ideas"]]
    assert not set(ola.ballot_projects) & {c["project_id"] for c in ballot["choices"]}
    assert "password" not in text and "key_hash" not in text


def test_the_pages_list_my_contributions_and_never_a_ballots_content(client, auth, world):
    auth.login(world.kari.user)
    html = client.get("/konto/mine-bidrag").get_data(as_text=True)
    assert f"/personvik/ideer/{world.kari.idea.id}" in html
    assert f"#kommentar-{world.kari.comment.id}" in html
    assert f"/personvik/horinger/{world.consultation.id}" in html
    assert f"/personvik/undersokelser/{world.survey.id}" in html
    assert f"/personvik/avstemninger/{world.vote.id}" in html
    assert "Luftsensorer" not in html  # which vote and when, never what it chose
    assert f"/personvik/ideer/{world.ola.idea.id}\"" not in html
    page = client.get("/konto/mine-data")
    assert page.status_code == 200 and "/konto/mine-data/last-ned" in page.get_data(as_text=True)


def test_contributions_are_paged_with_a_fixed_number_of_queries(app, client, auth, db, world):
    auth.login(world.kari.user)
    few = count_queries(app, client, "/konto/mine-bidrag")
    for n in range(25):
        create_idea(world.municipality, world.kari.user, title=f"Enda en idé {n}")
    assert count_queries(app, client, "/konto/mine-bidrag") == few
    second = client.get("/konto/mine-bidrag?side=2").get_data(as_text=True)
    assert "Enda en idé 0" in second and "Enda en idé 24" not in second
    assert 'rel="prev"' in second


def test_pages_of_my_own_need_a_log_in(client):
    for path in ("/konto/mine-bidrag", "/konto/mine-data", "/konto/mine-data/last-ned",
                 "/konto/slett"):
        response = client.get(path)
        assert response.status_code == 302 and "/konto/logg-inn" in response.headers["Location"]


# --- deleting the account -------------------------------------------------------------------

def every_text(db) -> str:
    """Every text and JSON value in every table, as one lower-case string (JSON also decoded, so
    an escaped name is found too)."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.c:
            kind = _kind(column)
            if kind is None:
                continue
            expression = cast(column, Text) if kind == "json" else column
            for value in db.session.scalars(select(expression).where(column.is_not(None))):
                found.append(str(value))
                if kind == "json":
                    found.append(json.dumps(json.loads(value), ensure_ascii=False))
    return "\n".join(found).lower()


def aggregates(db, world) -> dict:
    return {
        "supports": {i.id: i.support_count for i in db.session.scalars(select(Idea))},
        "comments": {i.id: i.comment_count for i in db.session.scalars(select(Idea))},
        "ideas": db.session.scalar(select(func.count()).select_from(Idea)),
        "answers": db.session.scalar(select(func.count()).select_from(ConsultationAnswer)),
        "responses": db.session.scalar(select(func.count()).select_from(SurveyResponse)),
        "texts": db.session.scalar(select(func.count()).select_from(SurveyTextAnswer)),
        "ballots": count_ballots(world.vote), "votes": votes_per_project(world.vote),
    }


def test_deleting_the_account_leaves_no_trace_and_keeps_every_count(client, auth, db, world):
    kari = world.kari
    auth.login(kari.user)
    before = aggregates(db, world)
    assert "kari personvernsen" in every_text(db) and "kari.personvernsen@" in every_text(db)
    page = client.get("/konto/slett").get_data(as_text=True)
    assert "archive" in page.lower() or "arkiv" in page.lower()
    response = submit(client, "/konto/slett", {"password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/konto/slettet")

    text = every_text(db)
    assert "kari personvernsen" not in text and "personvernsen" not in text
    assert "kari.personvernsen@example.no" not in text
    assert aggregates(db, world) == before
    answer = db.session.get(ConsultationAnswer, kari.answer.id)
    assert answer.author_id is None and answer.author_name == "Tidligere deltaker"
    assert answer.organisation_name == "Velforeningen Sentrum" and answer.text.startswith("Høringssvar")
    assert db.session.get(Idea, kari.idea.id).author_id is None
    assert db.session.get(IdeaComment, kari.comment.id).author_id is None
    assert db.session.get(SurveyResponse, kari.response.id).user_id is None
    deleted = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "account.deleted"))
    assert deleted.actor_id is None and deleted.after["ideas"] == 1
    # Ola is untouched, and Kari is logged out: her pages ask for a log-in
    ola = world.ola
    assert db.session.get(ConsultationAnswer, ola.answer.id).author_name == "Ola Annensen"
    assert "ola.annensen@example.no" in text
    assert client.get("/konto/mine-data").status_code == 302


def test_a_wrong_password_deletes_nothing(client, auth, db, world):
    auth.login(world.kari.user)
    response = submit(client, "/konto/slett?lang=en", {"password": "feil passord her"})
    assert response.status_code == 200 and "The password is not right" in response.get_data(as_text=True)
    assert "kari.personvernsen@example.no" in every_text(db)
    assert client.get("/konto/mine-data").status_code == 200


def test_an_account_without_a_password_confirms_by_typing(client, auth, db, world):
    user = world.ola.user
    auth.login(user)
    user.password_hash = ""  # as an account made through ID-porten has it
    db.session.commit()
    page = client.get("/konto/slett?lang=nb").get_data(as_text=True)
    assert 'name="password"' not in page and "SLETT" in page
    refused = submit(client, "/konto/slett", {"confirmation": "nei"})
    assert refused.status_code == 200 and "ola.annensen@example.no" in every_text(db)
    done = submit(client, "/konto/slett", {"confirmation": "slett"})
    assert done.status_code == 302 and "ola.annensen@example.no" not in every_text(db)


def test_password_guesses_at_the_deletion_are_limited(app, client, auth, db, world, monkeypatch):
    monkeypatch.setitem(app.config, "DELETE_ACCOUNT_RATE_LIMIT", "2 per hour")
    auth.login(world.kari.user)
    statuses = [submit(client, "/konto/slett", {"password": f"gjetning {n}"}).status_code
                for n in range(3)]
    assert statuses == [200, 200, 429]
    assert "kari.personvernsen@example.no" in every_text(db)
