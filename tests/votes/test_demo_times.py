"""The demo votes open and close at round hours in Oslo (never "kl. 00.43"), at any time of day."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from app.core import clock
from app.core.clock import to_oslo
from app.votes.demo import load_demo_votes
from app.votes.models import Vote


@pytest.mark.parametrize("now", [datetime(2026, 11, 29, 23, 43, 17, tzinfo=timezone.utc),
                                 datetime(2026, 3, 29, 0, 30, tzinfo=timezone.utc)])
def test_demo_vote_times_are_round(app, db, make_municipality, now):
    make_municipality("Asker")
    make_municipality("Bergen")
    clock.frozen_now = now
    try:
        with app.test_request_context("/"):
            load_demo_votes(echo=lambda *_: None)
            db.session.commit()
    finally:
        clock.frozen_now = None
    for vote in db.session.scalars(select(Vote)):
        for moment in (vote.opens_at, vote.closes_at, vote.published_at):
            local = to_oslo(moment)
            assert (local.minute, local.second) == (0, 0), local
