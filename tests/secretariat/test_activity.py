"""The members' activity and the theme matrix equal the rows, in a number of queries that does
not grow with the members or their content."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event

from app.accounts.models import Role
from app.core.clock import utcnow
from app.core.extensions import db as _db
from app.moderation.models import ModerationState
from app.secretariat import queries
from tests.consultations.factories import consultation_in_phase, make_answer
from tests.ideas.factories import create_idea
from tests.surveys.factories import survey_in_state
from tests.votes.factories import create_vote


def fill(municipality, author, *, old_days: int = 90):
    """Two recent and one old published idea, a pending one; an open, a concluded and a draft
    consultation; a published and a draft vote; an open and a draft survey."""
    recent = [create_idea(municipality, author, state=ModerationState.published, theme="mobilitet")
              for _ in range(2)]
    old = create_idea(municipality, author, state=ModerationState.published, theme="apne-data")
    old.created_at = utcnow() - timedelta(days=old_days)
    create_idea(municipality, author, state=ModerationState.pending, theme="mobilitet")
    opened = consultation_in_phase(municipality, "open", theme="innbyggerinvolvering")
    concluded = consultation_in_phase(municipality, "concluded", theme="mobilitet")
    concluded.published_at = utcnow() - timedelta(days=old_days)
    consultation_in_phase(municipality, "draft", theme="mobilitet")
    vote = create_vote(municipality)
    vote.theme = "anskaffelser"
    create_vote(municipality, published=False)
    survey = survey_in_state(municipality, "open")
    survey.theme = "apne-data"
    survey_in_state(municipality, "draft")
    _db.session.commit()
    make_answer(opened, author)
    return recent, opened, vote


def test_activity_counts_equal_the_rows(app, people, member):
    fill(member, people["resident"])
    with app.test_request_context():
        [row] = queries.activity()
    assert row.municipality.id == member.id
    assert (row.ideas, row.ideas_recent) == (3, 2)
    assert (row.consultations, row.consultations_recent) == (2, 1)
    assert (row.consultations_open, row.consultations_concluded) == (1, 1)
    assert (row.votes, row.votes_recent, row.surveys, row.surveys_recent) == (1, 1, 1, 1)
    assert utcnow() - row.last_activity < timedelta(minutes=1), "the answer just given"


def test_theme_matrix_counts_published_items_per_member_and_theme(app, people, member,
                                                                   make_municipality):
    fill(member, people["resident"])
    idle = make_municipality("Stilleby")
    with app.test_request_context():
        matrix = queries.theme_matrix()
    assert [m.id for m in matrix.members] == [member.id, idle.id]
    assert matrix.count(member.id, "mobilitet") == 2 + 1, "two published ideas, one concluded"
    assert matrix.count(member.id, "apne-data") == 2, "an idea and a survey"
    assert matrix.count(member.id, "innbyggerinvolvering") == 1
    assert matrix.count(member.id, "anskaffelser") == 1
    assert matrix.member_total(idle.id) == 0 and matrix.total == 7


@pytest.fixture
def count_queries(app, client):
    def count(path: str) -> int:
        statements = []

        def before(*args):
            statements.append(args[2])

        with app.app_context():
            engine = _db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            assert client.get(path).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", before)
        return len(statements)
    return count


def test_the_overview_pages_run_a_fixed_number_of_queries(auth, people, member, make_municipality,
                                                          make_user, count_queries):
    from tests.secretariat.factories import create_case, create_response
    fill(member, people["resident"])
    case = create_case("vote", "open")
    auth.login(people["network_admin"])
    paths = ["/nettverk/", "/nettverk/aktivitet", "/nettverk/tema", "/nettverk/saker/",
             f"/nettverk/saker/{case.id}"]
    before = {path: count_queries(path) for path in paths}
    assert before["/nettverk/aktivitet"] <= 12, "budget: session, user, members, six counts"
    for n in range(4):
        town = make_municipality(f"Vekstby {n}")
        resident = make_user(role=Role.resident, municipality=town)
        fill(town, resident)
        create_response(case, town, make_user(role=Role.admin, municipality=town),
                        option=case.options[n % 3])
        create_case("consultation", "closed")
    assert {path: count_queries(path) for path in paths} == before
