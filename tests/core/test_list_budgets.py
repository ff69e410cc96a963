"""Every list page costs a fixed number of SQL queries, whatever the number of its rows (issue 16).

One world is measured twice: with a little content (two members, one round of everything each),
then with much more (four rounds in Asker, two more members). Each list's count must be the same
both times and within its budget: the budget is the count with many rows. A list that starts
loading something per row (an N+1) fails here with both counts in the message.
"""
from __future__ import annotations

import pytest
from sqlalchemy import event

from app.accounts.models import Role
from app.core.extensions import db as _db
from app.moderation.models import ModerationState
from tests.ideas.factories import create_idea
from tests.network.factories import fill

#: path -> (who asks, budget of SQL queries): measured with the page cache off (as in tests);
#: a signed-in reader adds who they are and their roles
LISTS = {
    "/asker/ideer/": ("anonymous", 5),
    "/asker/horinger/": ("anonymous", 3),
    "/asker/avstemninger/": ("anonymous", 10),
    "/asker/undersokelser/": ("anonymous", 4),
    "/": ("anonymous", 6),
    "/tema/mobilitet/": ("anonymous", 14),
    "/mal/11/": ("anonymous", 14),
    "/erfaringer/": ("anonymous", 3),
    "/sok/?q=avstemning": ("anonymous", 3),
    "/asker/moderering/": ("admin", 20),
    "/api/v1/ideas": ("anonymous", 3),
    "/api/v1/consultations": ("anonymous", 3),
    "/api/v1/votes": ("anonymous", 6),
    "/api/v1/surveys": ("anonymous", 1),
    "/api/v1/experiences": ("anonymous", 2),
    "/api/v1/municipalities": ("anonymous", 1),
}


def _round(municipality, author, tag: str) -> None:
    """One round of everything in a municipality, and an idea waiting for moderation."""
    fill(municipality, author, tag, answers=2)
    create_idea(municipality, author, title=f"Venter {tag}", sdgs=[11],
                state=ModerationState.pending)


def _measure(app, client, paths) -> dict[str, int]:
    counts = {}
    with app.app_context():
        engine = _db.engine
    for path in paths:
        statements = []

        def before(*args):
            statements.append(args[2])

        event.listen(engine, "before_cursor_execute", before)
        try:
            response = client.get(path)
        finally:
            event.remove(engine, "before_cursor_execute", before)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        counts[path] = len(statements)
    return counts


@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_every_list_costs_the_same_queries_with_few_and_with_many_rows(
        app, client, auth, db, make_municipality, make_user, who):
    asker, voss = make_municipality("Asker"), make_municipality("Voss")
    author = make_user(role=Role.resident, municipality=asker)
    admin = make_user(role=Role.admin, municipality=asker)
    _round(asker, author, "A1")
    _round(voss, make_user(role=Role.resident, municipality=voss), "V1")
    paths = [path for path, (asker_role, _) in LISTS.items() if asker_role == who]
    if who == "admin":
        auth.login(admin)
    few = _measure(app, client, paths)

    for tag in ("A2", "A3", "A4"):
        _round(asker, make_user(role=Role.resident, municipality=asker), tag)
    for name in ("Bergen", "Moss"):
        member = make_municipality(name)
        _round(member, make_user(role=Role.resident, municipality=member), name)
    many = _measure(app, client, paths)

    grew = {path: (few[path], many[path]) for path in paths if few[path] != many[path]}
    over = {path: many[path] for path in paths if many[path] > LISTS[path][1]}
    assert not grew and not over, f"grew (few, many): {grew}; over budget: {over}; all: {many}"
