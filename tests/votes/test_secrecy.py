"""Ballots are secret: no admin page, results page or export shows who voted for what."""
from __future__ import annotations

import json

from sqlalchemy import select

from app.core.audit import AuditEvent
from app.votes.services import cast_ballot
from tests.votes.factories import close, project_ids


def _walk_vote_pages(app, client, slug, vote, project):
    """GET every route of the votes area for this vote and project (admin pages included)."""
    pages = {}
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("tenant.votes.") or "GET" not in rule.methods:
            continue
        path = rule.rule.replace("<municipality>", slug)
        path = path.replace("<int:vote_id>", str(vote.id)).replace("<int:project_id>", str(project.id))
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 200, f"{path} gave {response.status_code}"
        pages[path] = response.get_data(as_text=True)
    return pages


def test_no_page_or_export_shows_who_voted_for_what(app, db, client, auth, make_municipality,
                                                     make_user, make_vote):
    town = make_municipality("Hemmelig")
    admin = make_user(role="admin", municipality=town)
    vote = make_vote(town, budget=2_000_000)
    voters = [make_user(f"velger.{n}.navnesen@example.no", name=f"Velgersen Nummer{n}")
              for n in range(6)]
    for n, voter in enumerate(voters):
        cast_ballot(vote, voter, project_ids(vote, "Luftsensorer") if n % 2 else
                    project_ids(vote, "Smart gatelys", "Sykkelparkering"))
    db.session.commit()
    close(db, vote)

    auth.login(admin)
    pages = _walk_vote_pages(app, client, town.slug, vote, vote.projects[0])
    assert any("/admin/" in path for path in pages) and any(path.endswith(".csv") for path in pages)
    for path, body in pages.items():
        for voter in voters:
            assert voter.email not in body and voter.display_name not in body, path
            assert "Nummer" not in body and "navnesen" not in body, path

    data = json.loads(pages[f"/{town.slug}/avstemninger/{vote.id}/resultater.json"])
    assert set(data) == {"vote", "rule", "turnout", "funded_total_nok", "projects"}
    assert set(data["turnout"]) == {"ballots", "choices"}
    assert all(set(p) == {"id", "place", "title", "cost_nok", "votes", "share_of_ballots_percent",
                          "funded"} for p in data["projects"])


def test_casting_a_ballot_leaves_no_trace_in_the_audit_log(db, make_municipality, make_user,
                                                          make_vote, app):
    town = make_municipality()
    vote = make_vote(town)
    voter = make_user()
    with app.test_request_context("/"):
        cast_ballot(vote, voter, [vote.projects[0].id])
        db.session.commit()
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.actor_id == voter.id)).all() == []
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "ballot")).all() == []


def test_the_voter_alone_sees_their_own_choices(db, client, auth, make_municipality, make_user,
                                                make_vote):
    town = make_municipality("Egenby")
    vote = make_vote(town, method="single")
    voter = make_user()
    with client.application.test_request_context("/"):
        cast_ballot(vote, voter, [vote.projects[2].id])
    db.session.commit()
    auth.login(voter)
    mine = client.get(f"/egenby/avstemninger/{vote.id}?lang=en").get_data(as_text=True)
    assert "You voted on" in mine
    auth.logout()
    auth.login(make_user(role="admin", municipality=town))
    theirs = client.get(f"/egenby/avstemninger/{vote.id}?lang=en").get_data(as_text=True)
    assert "You voted on" not in theirs and "checked" not in theirs
