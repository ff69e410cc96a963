"""Factories for moderation: blocks and reports, made through the services (as the app makes
them), plus the idea and comment factories the moderation tests moderate."""
from __future__ import annotations

from datetime import timedelta

import pytest

from app.core.clock import utcnow
from app.core.extensions import db
from app.moderation import services
from app.moderation.models import Block, ReportReason
from tests.ideas.factories import create_comment, create_idea, make_comment, make_idea  # noqa: F401


def create_block(user, moderator, municipality, reason: str = "Gjentatt spam") -> Block:
    """`moderator` blocks `user` in `municipality`; committed."""
    block = services.block_user(user, moderator, municipality, reason)
    db.session.commit()
    return block


def age_account(user, days: float = 2):
    """Make `user`'s account `days` old (reports by new accounts do not count); committed."""
    user.created_at = utcnow() - timedelta(days=days)
    db.session.commit()
    return user


def create_report(item, reporter, municipality, reason: ReportReason = ReportReason.offensive,
                  text: str = ""):
    """`reporter` reports `item`; committed."""
    report = services.report_item(item, reporter, municipality, reason, text)
    db.session.commit()
    return report


@pytest.fixture
def make_block(db):
    return create_block


@pytest.fixture
def make_report(db):
    return create_report
