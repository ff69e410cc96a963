"""Supporting ideas: once per person, a toggle, exact counts under concurrent requests."""
from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import func, select

from app.ideas.models import Idea, IdeaSupport
from app.moderation.models import ModerationState
from tests.conftest import Auth, csrf_from, require, submit


@pytest.fixture
def asker(make_municipality, make_user):
    municipality = make_municipality("Asker")
    return municipality, make_user(role="resident", municipality=municipality)


def support_count(db, idea_id):
    db.session.expire_all()
    return db.session.get(Idea, idea_id).support_count


def test_support_toggles_and_counts_once(client, auth, db, asker, make_idea, make_user):
    municipality, author = asker
    idea = make_idea(municipality, author)
    user = make_user(role="resident", municipality=municipality)
    auth.login(user)
    url = f"/asker/ideer/{idea.id}/stott"
    form_url = f"/asker/ideer/{idea.id}"
    submit(client, url, {"want": "1"}, form_url=form_url)
    submit(client, url, {"want": "1"}, form_url=form_url)  # the same request again
    assert support_count(db, idea.id) == 1
    html = client.get(form_url + "?lang=en").get_data(as_text=True)
    assert "1 person supports this idea." in html and 'aria-pressed="true"' in html
    submit(client, url, {"want": "0"}, form_url=form_url)
    submit(client, url, {"want": "0"}, form_url=form_url)
    assert support_count(db, idea.id) == 0
    submit(client, url, {}, form_url=form_url)  # no wish: flips
    assert support_count(db, idea.id) == 1


def test_cannot_support_unpublished_ideas_or_anonymously(client, auth, db, asker, make_idea,
                                                         make_user):
    municipality, author = asker
    idea = make_idea(municipality, author, state=ModerationState.pending)
    auth.login(author)  # the author sees the pending idea, but cannot support it yet
    assert client.get(f"/asker/ideer/{idea.id}").status_code == 200
    response = submit(client, f"/asker/ideer/{idea.id}/stott?lang=en", {"want": "1"},
                      form_url="/konto/")
    assert response.status_code == 302
    assert support_count(db, idea.id) == 0
    auth.logout()
    published = make_idea(municipality, author)
    response = client.post(f"/asker/ideer/{published.id}/stott")
    assert response.status_code in (302, 400)
    assert support_count(db, published.id) == 0


def _concurrently(app, jobs):
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait(timeout=30)
            job()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


@pytest.mark.postgres
def test_support_counts_stay_exact_under_concurrent_requests(app, db, asker, make_idea, make_user):
    require(os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
            "needs PostgreSQL: set TEST_DATABASE_URL=postgresql+psycopg://…")
    municipality, author = asker
    idea = make_idea(municipality, author)
    people = [make_user(role="resident", municipality=municipality) for _ in range(8)]
    clients = []
    for person in people:
        client = app.test_client()
        Auth(client).login(person)
        token = csrf_from(client.get(f"/asker/ideer/{idea.id}").get_data(as_text=True))
        clients.append((client, token))
    url = f"/asker/ideer/{idea.id}/stott"

    def post(client, token, want):
        return lambda: client.post(url, data={"csrf_token": token, "want": want})

    # Everyone supports at once, each of them twice in parallel.
    _concurrently(app, [post(c, t, "1") for c, t in clients for _ in range(2)])
    rows = db.session.scalar(select(func.count(IdeaSupport.id)).where(IdeaSupport.idea_id == idea.id))
    assert rows == 8 and support_count(db, idea.id) == 8
    # Half withdraw (twice each, in parallel) while the other half support again.
    jobs = [post(c, t, "0") for c, t in clients[:4] for _ in range(2)]
    jobs += [post(c, t, "1") for c, t in clients[4:]]
    _concurrently(app, jobs)
    rows = db.session.scalar(select(func.count(IdeaSupport.id)).where(IdeaSupport.idea_id == idea.id))
    assert rows == 4 and support_count(db, idea.id) == 4
