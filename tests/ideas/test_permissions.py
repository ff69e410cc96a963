"""Who may do what with an idea: role x the idea's moderation state x action, as status codes.

Roles: anonymous, the idea's author (who also wrote its comment), a resident, a moderator and an
admin of the idea's municipality, and an admin of another municipality. Each role x state is one
test that tries every action in turn on a fresh idea.
"""
from __future__ import annotations

import pytest

from app.core.extensions import db as _db
from app.moderation.models import ModerationState
from tests.conftest import csrf_from
from tests.ideas.factories import create_comment, create_idea

STATES = [ModerationState.published, ModerationState.pending, ModerationState.hidden,
          ModerationState.rejected]
ROLES = ["anonymous", "author", "resident", "moderator", "admin", "admin_other"]

LOGIN = "log-in"  # a redirect to the log-in page
OK, DONE, FORBIDDEN, NOT_FOUND, GONE = 200, 302, 403, 404, 410


def _staff(role: str) -> bool:
    return role in ("moderator", "admin")


def _sees(role: str, state: ModerationState) -> bool:
    return state is ModerationState.published or role == "author" or _staff(role)


def _unseen(state: ModerationState) -> int:
    """What one who may not see the idea gets: 410 when a moderator took it down after
    publication (a page that says so), else 404 (pending and rejected never existed publicly)."""
    return GONE if state is ModerationState.hidden else NOT_FOUND


def expect_detail(role, state):
    return OK if _sees(role, state) else _unseen(state)


def expect_participation(role, state):
    """Support and comment: a redirect back to the idea once it is seen, whatever the outcome."""
    if role == "anonymous":
        return LOGIN
    return DONE if _sees(role, state) else _unseen(state)


def expect_answer(role, state):
    if role == "anonymous":
        return LOGIN
    return DONE if _staff(role) and state is ModerationState.published else FORBIDDEN


def expect_edit_comment(role, state):
    """Only the comment's author edits it (within the window), whatever the idea's state."""
    if role == "anonymous":
        return LOGIN
    return DONE if role == "author" else FORBIDDEN


#: action -> (method, path after /<k>/ideer/<id>, form data, expected(role, state))
ACTIONS = {
    "detail": ("GET", "", {}, expect_detail),
    "support": ("POST", "/stott", {"want": "1"}, expect_participation),
    "comment": ("POST", "/kommentarer", {"body": "Et godt innspill."}, expect_participation),
    "answer": ("POST", "/status", {"status": "under_consideration", "reason": "Vi ser på det."},
               expect_answer),
    "edit_comment": ("POST", "/kommentarer/{comment}/rediger", {"body": "Rettet tekst."},
                     expect_edit_comment),
}


def _outcome(response):
    if response.status_code == 302 and "/konto/logg-inn" in response.headers["Location"]:
        return LOGIN
    return response.status_code


def _visitor(role, here, make_municipality, make_user, author):
    """The signed-in user for `role` (None for anonymous), made only when needed."""
    if role == "anonymous":
        return None
    if role == "author":
        return author
    if role == "admin_other":
        return make_user(role="admin", municipality=make_municipality("Bærum"))
    return make_user(role=role, municipality=here)


@pytest.mark.parametrize("state", STATES, ids=lambda state: state.value)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, auth, make_municipality, make_user, role, state):
    here = make_municipality("Asker")
    author = make_user(role="resident", municipality=here)
    idea = create_idea(here, author, title="Benker langs fjorden")
    comment = create_comment(idea, author, "Første kommentar")
    idea.moderation_state = state
    _db.session.commit()
    visitor = _visitor(role, here, make_municipality, make_user, author)
    if visitor is None:
        token = csrf_from(client.get("/konto/logg-inn").get_data(as_text=True))
    else:
        auth.login(visitor)
        token = csrf_from(client.get("/konto/").get_data(as_text=True))
    mismatches = []
    # In this order no action changes what the next one is allowed to do.
    for action, (method, path, data, expected) in ACTIONS.items():
        url = f"/asker/ideer/{idea.id}" + path.format(comment=comment.id)
        response = client.open(url, method=method,
                               data={"csrf_token": token, **data} if method == "POST" else None)
        if _outcome(response) != expected(role, state):
            mismatches.append(f"{action}: {_outcome(response)}, expected {expected(role, state)}")
    assert not mismatches, mismatches
