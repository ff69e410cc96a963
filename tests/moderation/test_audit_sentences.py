"""The audit log page speaks the reader's language: a sentence per action, the recorded values
in words, never a raw code or JSON; every action the areas record has its sentence."""
from __future__ import annotations

import ast
import pathlib
import re

from app.core import audit
from app.moderation import audit_labels, services
from app.moderation.models import Decision, ModerationState
from app.municipalities.models import ModerationMode
from tests.conftest import submit

ROOT = pathlib.Path(__file__).resolve().parents[2] / "app"


def recorded_actions() -> set[str]:
    """Every action code written with a literal in an `audit.record(...)` / `record(...)` call,
    both branches of a conditional included; f-strings are left to the test below."""
    found = set()
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and node.args and getattr(
                    node.func, "attr", getattr(node.func, "id", None)) == "record"):
                continue
            first = node.args[0]
            for part in ast.walk(first):
                if isinstance(part, ast.Constant) and isinstance(part.value, str) \
                        and re.fullmatch(r"[a-z_]+\.[a-z_]+", part.value):
                    found.add(part.value)
    return found


def test_every_recorded_action_has_a_sentence():
    actions = recorded_actions()
    assert "moderation.settings_changed" in actions and "idea.answered" in actions
    missing = sorted(actions - set(audit_labels.ACTIONS))
    assert not missing, f"add a sentence to app/moderation/audit_labels.py ACTIONS: {missing}"
    # the codes built from a value: moderation.<decision>, <kind>.shared / .unshared
    for decision in Decision:
        assert f"moderation.{decision.value}" in audit_labels.ACTIONS
    for kind in ("consultation", "vote", "survey"):
        assert f"{kind}.shared" in audit_labels.ACTIONS
        assert f"{kind}.unshared" in audit_labels.ACTIONS


def test_the_log_shows_sentences_not_codes_or_json(client, auth, db, make_municipality,
                                                   make_user, make_idea):
    municipality = make_municipality("Voss", moderation_mode=ModerationMode.pre)
    moderator = make_user(role="moderator", municipality=municipality, name="Mona Moderator")
    resident = make_user(role="resident", municipality=municipality)
    idea = make_idea(municipality, resident, title="Åpne data om parkering",
                     state=ModerationState.pending)
    services.decide(idea, moderator, Decision.approve)
    audit.record("idea.frobnicated", idea, actor=moderator, municipality=municipality,
                 after={"colour_of_sky": True})
    db.session.commit()
    auth.login(make_user(role="admin", municipality=municipality))
    html = client.get("/voss/moderering/logg?lang=en").get_data(as_text=True)
    table = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[html.index("<tbody"):
                                                            html.index("</tbody>")]))
    assert f"Approved idea no. {idea.id} and published it" in table, table
    assert "State: Waiting for moderation → Published" in table
    assert f"Submitted idea no. {idea.id}" in table and "Title: Åpne data om parkering" in table
    # an action nobody has named yet still reads as a sentence, its code named
    assert f"Changed idea no. {idea.id} (idea.frobnicated)" in table
    assert "Colour of sky: Yes" in table
    assert "\\u00c5" not in html and '{"' not in table and "<code>" not in html


def test_values_read_as_words():
    changes = audit_labels.changes({"status": "published", "is_active": False},
                                   {"status": "accepted", "is_active": True, "sha256": "ab12"})
    assert [(c.field, c.before, c.after) for c in changes] == [
        ("Status", "New", "Accepted"), ("Member of the network", "No", "Yes")]
    long = audit_labels.changes(None, {"body": "x" * 500})[0]
    assert len(long.after) == audit_labels._MAX_TEXT and long.after.endswith("…")


def test_a_restored_idea_does_not_read_as_accepted(client, auth, db, make_municipality,
                                                  make_user, make_idea):
    """After hide and restore, the public history tells what the moderator did, in words."""
    municipality = make_municipality("Asker")
    moderator = make_user(role="moderator", municipality=municipality)
    idea = make_idea(municipality, make_user(role="resident", municipality=municipality))
    auth.login(moderator)
    for decision, reason in (("hide", "Reklame eller søppelpost"), ("restore", "")):
        response = submit(client, f"/asker/moderering/idea/{idea.id}",
                          {"decision": decision, "reason": reason, "note": ""})
        assert response.status_code == 302
    auth.logout()
    html = client.get(f"/asker/ideer/{idea.id}?lang=en").get_data(as_text=True)
    history = html[html.index('id="historikk"'):html.index('id="kommentarer"')]
    assert "Moderation:" not in history and "New" not in history
    assert "Removed by a moderator" in history
    assert "Checked again by a moderator and shown again" in history
