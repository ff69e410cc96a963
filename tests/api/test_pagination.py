"""Cursor pagination: stable while rows are added, bounded by `limit`, and a constant number of
queries per page whatever the page holds."""
from __future__ import annotations


from app.core.extensions import db as _db
from app.ideas.models import IdeaStatus
from tests.api.factories import (
    add_answer, add_experience, add_idea, all_pages, cast, get_json, respond,
)
from tests.consultations.factories import consultation_in_phase
from tests.surveys.factories import survey_in_state
from tests.votes.factories import close, create_vote
from tests.queries import count_queries as _count_queries


def test_paging_while_rows_are_inserted_skips_and_repeats_nothing(client, make_municipality,
                                                                  make_user):
    municipality = make_municipality("Sideby", slug="sideby")
    author = make_user()
    original = [add_idea(municipality, author).id for _ in range(12)]
    seen, cursor, inserted = [], None, []
    while True:
        url = "/api/v1/ideas?limit=5" + (f"&cursor={cursor}" if cursor else "")
        body = get_json(client, url)
        seen += [item["id"] for item in body["data"]]
        # others write while we page: new ideas, and an idea moved on by the municipality
        inserted += [add_idea(municipality, author).id for _ in range(2)]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)), "an idea came twice"
    assert set(original) <= set(seen), "an idea that was there from the start was skipped"
    assert set(seen) <= set(original) | set(inserted)


def test_limit_bounds_the_page_and_the_link_header_names_the_next(client, make_municipality,
                                                                   make_user):
    municipality = make_municipality("Lenkeby", slug="lenkeby")
    author = make_user()
    for _ in range(3):
        add_idea(municipality, author, theme="apne-data")
    response = client.get("/api/v1/ideas?limit=2&theme=apne-data")
    body = response.get_json()
    assert len(body["data"]) == 2 and body["next_cursor"]
    link = response.headers["Link"]
    assert f"cursor={body['next_cursor']}" in link and "theme=apne-data" in link
    assert link.endswith('rel="next"')
    rest = get_json(client, f"/api/v1/ideas?limit=2&theme=apne-data&cursor={body['next_cursor']}")
    assert len(rest["data"]) == 1 and rest["next_cursor"] is None
    assert len(all_pages(client, "/api/v1/ideas", limit=1)) == 3


def test_filters(client, world, db):
    idea_id = world.public["ideas"][0]
    assert [i["id"] for i in get_json(client, "/api/v1/ideas?sdg=13")["data"]] == [idea_id]
    assert get_json(client, "/api/v1/ideas?sdg=4")["data"] == []
    assert get_json(client, "/api/v1/ideas?theme=apne-data")["data"] == []
    assert len(get_json(client, "/api/v1/ideas?municipality=apiby")["data"]) == 1
    assert get_json(client, "/api/v1/ideas?updated_since=2999-01-01T00:00:00Z")["data"] == []
    assert len(get_json(client, "/api/v1/ideas?updated_since=2000-01-01")["data"]) == 1
    concluded = world.objects["concluded_consultation"].id
    on_goal = get_json(client, "/api/v1/consultations?sdg=11")["data"]
    assert [c["id"] for c in on_goal] == [concluded]


def _more_of_everything(world, make_user) -> None:
    municipality, staff = world.municipality, world.staff
    voters = [make_user() for _ in range(5)]
    for n in range(4):
        idea = add_idea(municipality, world.resident, sdgs=[3, n + 4])
        add_answer(idea, staff, IdeaStatus.accepted, f"Godtatt {n}")
        consultation = consultation_in_phase(municipality, "concluded")
        consultation.sdgs = [n + 1]
        vote = create_vote(municipality, title=f"Avstemning {n}")
        cast(vote, voters)
        close(_db, vote)
        respond(survey_in_state(municipality, "closed", public_results=True), 6)
        add_experience(municipality, vote, "vote")
    _db.session.commit()


#: most queries one page of each list may take, whatever it holds
BUDGETS = {"municipalities": 1, "ideas": 3, "consultations": 3, "votes": 6, "surveys": 3,
           "experiences": 2}


def test_queries_per_page_do_not_grow_with_the_page(app, client, world, make_user):
    before = {kind: _count_queries(app, client, f"/api/v1/{kind}?limit=100") for kind in BUDGETS}
    _more_of_everything(world, make_user)
    after = {kind: _count_queries(app, client, f"/api/v1/{kind}?limit=100") for kind in BUDGETS}
    assert after == before
    for kind, budget in BUDGETS.items():
        assert after[kind] <= budget, (kind, after[kind])
