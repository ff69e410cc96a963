"""The figures pages run the same number of queries however many rows they count."""
from __future__ import annotations


from app.accounts.models import Role
from app.core.extensions import db as _db
from app.moderation import services as moderation
from app.moderation.models import Decision, ModerationState
from tests.conftest import Auth
from tests.figures import factories as f
from tests.queries import count_queries


def add_rows(municipality, moderator, people, n: int) -> None:
    """`n` more ideas (each supported and commented, in different months and themes), survey
    responses, ballots and answers; half of the ideas decided by a moderator."""
    hearing = f.consultation(municipality, theme="apne-data")
    questions = f.survey(municipality, theme="mobilitet")
    box = f.vote(municipality, theme="kommunikasjon")
    for i in range(n):
        at = f.utc(2026, 1 + i % 10, 1 + i % 27, 12)
        person = people[i % len(people)]
        idea = f.idea(municipality, person, at, theme=["mobilitet", "k-1", "anskaffelser"][i % 3],
                      state=ModerationState.pending)
        f.comment(idea, people[(i + 1) % len(people)], at)
        f.support(idea, people[(i + 2) % len(people)], at)
        f.response(questions, None, at, channel="embed" if i % 2 else "page")
        f.answer(hearing, person, at)
        if i < len(people):
            f.ballot(box, person, at)
        if i % 2:
            f.freeze(at + (f.utc(2026, 1, 2) - f.utc(2026, 1, 1)))
            moderation.decide(idea, moderator, Decision.approve)
            _db.session.commit()
    f.freeze(f.utc(2026, 11, 15, 12))


def test_the_figures_pages_do_not_grow_with_their_rows(app, db, make_municipality,
                                                       make_user):
    f.freeze(f.utc(2026, 11, 15, 12))
    asker = make_municipality("Asker")
    make_municipality("Bergen")
    admin = make_user(role=Role.admin, municipality=asker)
    moderator = make_user(role=Role.moderator, municipality=asker)
    secretariat = make_user(network_admin=True)
    people = [make_user() for _ in range(6)]
    pages = {"/asker/admin/deltakelse/": admin,
             "/asker/admin/deltakelse/tall.csv?tabell=tema": admin,
             "/nettverk/deltakelse/": secretariat, "/asker/apenhet/": None}

    clients = {}
    for who in set(pages.values()):
        clients[who] = app.test_client()
        if who is not None:
            Auth(clients[who]).login(who)

    def counts():
        return {path: count_queries(app, clients[who], path) for path, who in pages.items()}

    add_rows(asker, moderator, people, 2)
    few = counts()
    add_rows(asker, moderator, people, 12)
    assert counts() == few
    # budgets: the figures run eight queries for a municipality, eleven for the network (its
    # members and their lines besides) and eight for openness (its reasons list besides the
    # seven); the rest is the log-in, the municipality and the staff menu of the layout
    assert few["/asker/admin/deltakelse/tall.csv?tabell=tema"] <= 11, few
    assert few["/asker/admin/deltakelse/"] <= 15, few
    assert few["/nettverk/deltakelse/"] <= 13, few
    assert few["/asker/apenhet/"] <= 9, few
