"""A vote's network theme and goals: set on the admin form, saved through the services (also
after the vote has opened, like the texts), shown as links on its public and admin pages."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.audit import AuditEvent
from app.votes.models import Vote
from tests.conftest import submit
from tests.votes.factories import create_vote
from tests.votes.test_admin import ADMIN, admin, local, town, vote_form  # noqa: F401 (fixtures)


def test_theme_and_goals_are_saved_audited_and_linked(db, client, admin, town):  # noqa: F811
    response = submit(client, f"{ADMIN}/ny?lang=en",
                      vote_form(theme="mobilitet", sdgs=["13", "11"]))
    assert response.status_code == 302
    vote = db.session.scalar(select(Vote))
    assert (vote.theme, vote.sdgs) == ("mobilitet", [11, 13])
    page = client.get(f"{ADMIN}/{vote.id}").get_data(as_text=True)
    assert 'href="/tema/mobilitet/"' in page and 'href="/mal/13/"' in page
    created = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "vote.created"))
    assert created.after["theme"] == "mobilitet" and created.after["sdgs"] == [11, 13]


def test_theme_and_goals_change_after_the_vote_opened(db, client, admin, town):  # noqa: F811
    vote = create_vote(town)  # open
    form_url = f"{ADMIN}/{vote.id}?lang=en"
    response = submit(client, form_url, {"title": vote.title, "description": "",
                                         "closes_at": local(vote.closes_at),
                                         "theme": "apne-data", "sdgs": ["9"]})
    assert response.status_code == 302
    db.session.refresh(vote)
    assert (vote.theme, vote.sdgs) == ("apne-data", [9])
    public = client.get(f"/stemmeby/avstemninger/{vote.id}").get_data(as_text=True)
    assert 'href="/tema/apne-data/"' in public and 'href="/mal/9/"' in public
    # a project's theme and goals link there too
    assert 'href="/tema/mobilitet/"' in public and 'href="/mal/11/"' in public


@pytest.mark.parametrize("field, value", [("theme", "ukjent-tema"), ("sdgs", "18")])
def test_unknown_theme_or_goal_is_refused(db, client, admin, field, value):  # noqa: F811
    response = submit(client, f"{ADMIN}/ny?lang=en", vote_form(**{field: value}))
    assert response.status_code == 200 and 'class="ds-error-summary"' in response.get_data(as_text=True)
    assert db.session.scalar(select(Vote)) is None
