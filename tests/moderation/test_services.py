"""Service rules that cut across pages: no writes on a GET, the argument order of the block
services, and page numbers that are out of range."""
from __future__ import annotations

import inspect
from contextlib import contextmanager

import pytest
from flask_babel import force_locale
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app.core.audit import AuditEvent
from app.moderation import services
from app.moderation.labels import DEFAULT_REASONS
from app.moderation.models import Block, ModerationReason, ModerationSettings, ModerationState
from tests.conftest import submit

TABLES = (ModerationSettings, ModerationReason, Block, AuditEvent)


@contextmanager
def counting_commits():
    """Collects every commit made inside the block."""
    seen: list = []

    def count(session):
        seen.append(session)

    event.listen(Session, "before_commit", count)
    try:
        yield seen
    finally:
        event.remove(Session, "before_commit", count)


def row_counts(db) -> dict:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in TABLES}


def test_moderation_pages_write_nothing_on_get(client, auth, db, make_municipality, make_user,
                                               make_idea):
    municipality = make_municipality("Voss")
    admin = make_user(role="admin", municipality=municipality)
    idea = make_idea(municipality, make_user(role="resident", municipality=municipality),
                     state=ModerationState.pending)
    auth.login(admin)
    before = row_counts(db)
    assert before["ModerationSettings"] == 0 and before["ModerationReason"] == 0
    with counting_commits() as commits:
        settings_page = client.get("/voss/moderering/innstillinger")
        for url in ("/voss/moderering/", f"/voss/moderering/idea/{idea.id}"):
            assert client.get(url).status_code == 200
    assert commits == []
    assert settings_page.status_code == 200
    with client.application.test_request_context(), force_locale("nb"):
        first_default = str(DEFAULT_REASONS[0])
    html = settings_page.get_data(as_text=True)
    assert 'value="3"' in html and first_default in html  # the defaults, shown but not stored
    db.session.expire_all()
    assert row_counts(db) == before


def test_the_first_save_of_the_settings_stores_them(client, auth, db, make_municipality,
                                                    make_user):
    municipality = make_municipality("Voss")
    auth.login(make_user(role="admin", municipality=municipality))
    submit(client, "/voss/moderering/innstillinger", {"report_threshold": "4", "reasons": "Hets"})
    db.session.expire_all()
    assert db.session.scalar(select(ModerationSettings.report_threshold)) == 4
    assert db.session.scalars(select(ModerationReason.text)).all() == ["Hets"]


def test_block_and_unblock_take_the_object_then_the_actor_then_the_municipality(
        db, make_municipality, make_user):
    municipality = make_municipality("Voss")
    moderator = make_user(role="moderator", municipality=municipality)
    resident = make_user(role="resident", municipality=municipality)
    for service, first in ((services.block_user, "user"), (services.unblock_user, "block")):
        assert list(inspect.signature(service).parameters)[:3] == [first, "moderator",
                                                                   "municipality"]
    block = services.block_user(resident, moderator, municipality, "Gjentatt spam")
    db.session.commit()
    assert (block.user_id, block.blocked_by_id, block.municipality_id) == (
        resident.id, moderator.id, municipality.id)
    services.unblock_user(block, moderator, municipality)
    db.session.commit()
    assert db.session.scalar(select(Block)) is None
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["moderation.user_blocked", "moderation.user_unblocked"]


def test_unblock_refuses_a_block_of_another_municipality(db, make_municipality, make_user,
                                                         make_block):
    here, other = make_municipality("Voss"), make_municipality("Bergen")
    block = make_block(make_user(role="resident", municipality=other),
                       make_user(role="moderator", municipality=other), other)
    with pytest.raises(services.ModerationError):
        services.unblock_user(block, make_user(role="moderator", municipality=here), here)


@pytest.mark.parametrize("path", ["/voss/moderering/", "/voss/moderering/logg"])
@pytest.mark.parametrize("side", ["9" * 40, "-3", "tre", "0"])
def test_page_numbers_out_of_range_do_not_fail(client, auth, db, make_municipality, make_user,
                                               path, side):
    municipality = make_municipality("Voss")
    auth.login(make_user(role="admin", municipality=municipality))
    assert client.get(f"{path}?side={side}").status_code == 200
