"""The permission matrix: every idea and moderation route x role (anonymous, resident, moderator
and admin of this and of another municipality, the item's author) x the item's state.

Each role is one test that walks every route and state and lists all mismatches at once.
"""
from __future__ import annotations

import pytest

from app.core.extensions import db as _db
from app.ideas.models import MunicipalTheme
from app.moderation.models import (
    Block, DiscountedReporter, ModerationState, Report, ReportReason,
)
from tests.conftest import csrf_from
from tests.ideas.factories import create_comment, create_idea

STATES = [ModerationState.pending, ModerationState.published, ModerationState.hidden,
          ModerationState.rejected]
ROLES = ["anonymous", "author", "resident", "moderator", "admin", "resident_other",
         "moderator_other", "admin_other"]
LOGIN = 302  # anonymous visitors are sent to the log-in page
OK, DONE, FORBIDDEN, NOT_FOUND, GONE = 200, 302, 403, 404, 410


def staff(role):
    return role in ("moderator", "admin")


def sees(role, state):
    return state is ModerationState.published or role == "author" or staff(role)


def unseen(state):
    """410 for an idea a moderator took down after publication, 404 for one never public."""
    return GONE if state is ModerationState.hidden else NOT_FOUND


def expect_detail(role, state):
    return OK if sees(role, state) else unseen(state)


def expect_participation(role, state):  # support, comment: a redirect either way once seen
    if role == "anonymous":
        return LOGIN
    return DONE if sees(role, state) else unseen(state)


def expect_answer(role, state):
    if role == "anonymous":
        return LOGIN
    return DONE if staff(role) and state is ModerationState.published else FORBIDDEN


def expect_report_form(role, state):
    if role == "anonymous":
        return LOGIN
    if not sees(role, state):
        return NOT_FOUND
    return OK if state is ModerationState.published and role != "author" else FORBIDDEN


def only(roles, code):
    return lambda role, state=None: LOGIN if role == "anonymous" else (code if role in roles
                                                                         else FORBIDDEN)


#: (name, method, path template, expected(role, state), per state?)
ROUTES = [
    ("ideas.index", "GET", "/{k}/ideer/", lambda r, s=None: OK, False),
    ("ideas.new", "GET", "/{k}/ideer/ny", lambda r, s=None: LOGIN if r == "anonymous" else OK, False),
    ("ideas.detail", "GET", "/{k}/ideer/{idea}", expect_detail, True),
    ("ideas.support", "POST", "/{k}/ideer/{idea}/stott", expect_participation, True),
    ("ideas.comment", "POST", "/{k}/ideer/{idea}/kommentarer", expect_participation, True),
    ("ideas.answer", "POST", "/{k}/ideer/{idea}/status", expect_answer, True),
    ("ideas.edit_comment", "GET", "/{k}/ideer/{published}/kommentarer/{comment}/rediger",
     only({"author"}, OK), False),
    ("ideas.themes", "GET", "/{k}/ideer/temaer", only({"admin"}, OK), False),
    ("ideas.retire_theme", "POST", "/{k}/ideer/temaer/{theme}/fjern", only({"admin"}, DONE), False),
    ("moderation.queue", "GET", "/{k}/moderering/", only({"moderator", "admin"}, OK), False),
    ("moderation.bulk", "POST", "/{k}/moderering/handling", only({"moderator", "admin"}, DONE), False),
    ("moderation.item", "GET", "/{k}/moderering/idea/{idea}", only({"moderator", "admin"}, OK), True),
    ("moderation.item.comment", "GET", "/{k}/moderering/ideacomment/{comment}",
     only({"moderator", "admin"}, OK), False),
    ("moderation.block", "POST", "/{k}/moderering/idea/{idea}/blokker",
     only({"moderator", "admin"}, DONE), True),
    ("moderation.report", "GET", "/{k}/moderering/meld/idea/{idea}", expect_report_form, True),
    ("moderation.blocks", "GET", "/{k}/moderering/blokkerte", only({"moderator", "admin"}, OK), False),
    ("moderation.settings", "GET", "/{k}/moderering/innstillinger", only({"admin"}, OK), False),
    ("moderation.log", "GET", "/{k}/moderering/logg", only({"admin"}, OK), False),
    ("moderation.log_csv", "GET", "/{k}/moderering/logg.csv", only({"admin"}, OK), False),
    ("moderation.unblock", "POST", "/{k}/moderering/blokkerte/{block}/opphev",
     only({"moderator", "admin"}, DONE), False),
    ("moderation.discount", "POST", "/{k}/moderering/meldere/{reporter}/se-bort-fra",
     only({"moderator", "admin"}, DONE), False),
    ("moderation.count_again", "POST", "/{k}/moderering/meldere/{discounted}/tell-med",
     only({"moderator", "admin"}, DONE), False),
]


@pytest.fixture
def world(db, make_municipality, make_user):
    here, other = make_municipality("Hjemby"), make_municipality("Naboby")
    users = {
        "author": make_user(role="resident", municipality=here),
        "resident": make_user(role="resident", municipality=here),
        "moderator": make_user(role="moderator", municipality=here),
        "admin": make_user(role="admin", municipality=here),
        "resident_other": make_user(role="resident", municipality=other),
        "moderator_other": make_user(role="moderator", municipality=other),
        "admin_other": make_user(role="admin", municipality=other),
    }
    ideas = {state: create_idea(here, users["author"], title=f"Idé {state.value}", state=state)
             for state in STATES}
    published = ideas[ModerationState.published]
    comment = create_comment(published, users["author"], "En kommentar")
    theme = MunicipalTheme(municipality_id=here.id, name="Eget tema")
    blocked = make_user(role="resident", municipality=here)
    block = Block(municipality_id=here.id, user_id=blocked.id)
    reporter, discounted = (make_user(role="resident", municipality=here) for _ in range(2))
    reports = [Report(municipality_id=here.id, object_type="idea", object_id=published.id,
                      reporter_id=user.id, reason=ReportReason.spam)
               for user in (reporter, discounted)]
    discount = DiscountedReporter(municipality_id=here.id, user_id=discounted.id)
    _db.session.add_all([theme, block, *reports, discount])
    _db.session.commit()
    values = {"k": here.slug, "published": published.id, "comment": comment.id, "theme": theme.id,
              "block": block.id, "reporter": reporter.id, "discounted": discounted.id}
    return users, ideas, values


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, auth, world, role):
    users, ideas, values = world
    if role != "anonymous":
        auth.login(users[role])
        token = csrf_from(client.get("/konto/").get_data(as_text=True))
    else:
        token = csrf_from(client.get("/konto/logg-inn").get_data(as_text=True))
    mismatches, checked = [], 0
    for name, method, template, expected, per_state in ROUTES:
        for state in (STATES if per_state else [None]):
            idea = ideas[state or ModerationState.published]
            url = template.format(idea=idea.id, **values)
            response = client.open(url, method=method, data={"csrf_token": token})
            want = expected(role, state) if per_state else expected(role)
            checked += 1
            if response.status_code != want:
                mismatches.append(f"{method} {url} ({name}, {state and state.value}): "
                                  f"{response.status_code}, expected {want}")
    assert not mismatches, f"{role}:\n  " + "\n  ".join(mismatches)
    assert checked == sum(len(STATES) if r[4] else 1 for r in ROUTES)


def test_matrix_covers_every_idea_and_moderation_route(app):
    covered = {name.split(".item.")[0] for name, *_ in ROUTES}
    endpoints = {rule.endpoint.removeprefix("tenant.") for rule in app.url_map.iter_rules()
                 if rule.endpoint.startswith(("tenant.ideas.", "tenant.moderation."))}
    assert endpoints - covered == set()
