"""Dates in Europe/Oslo: deadlines at their edges, summer time, and phases derived from dates."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from app.core import clock as c
from app.consultations.models import Consultation, Phase
from app.core.extensions import db
from tests.consultations.factories import oslo

UTC = timezone.utc


def test_oslo_wall_clock_to_utc_in_winter_and_summer():
    assert c.oslo_to_utc(datetime(2027, 1, 15, 23, 59)) == datetime(2027, 1, 15, 22, 59, tzinfo=UTC)
    assert c.oslo_to_utc(datetime(2027, 6, 15, 23, 59)) == datetime(2027, 6, 15, 21, 59, tzinfo=UTC)


def test_the_hour_skipped_in_spring_is_refused():
    # 28 March 2027: clocks go from 02:00 to 03:00 in Norway
    with pytest.raises(c.NonexistentLocalTime):
        c.oslo_to_utc(datetime(2027, 3, 28, 2, 30))
    assert c.oslo_to_utc(datetime(2027, 3, 28, 3, 0)) == datetime(2027, 3, 28, 1, 0, tzinfo=UTC)


def test_the_hour_repeated_in_autumn_is_read_as_the_later_one():
    # 31 October 2027: 02:30 happens at 00:30 UTC (summer time) and again at 01:30 UTC
    assert c.oslo_to_utc(datetime(2027, 10, 31, 2, 30)) == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)


def test_six_weeks_are_counted_on_the_oslo_calendar_across_summer_time():
    opens = c.oslo_to_utc(datetime(2027, 3, 1, 12, 0))
    six_weeks = c.add_weeks_oslo(opens, 6)
    assert six_weeks == c.oslo_to_utc(datetime(2027, 4, 12, 12, 0))
    assert six_weeks - opens == timedelta(weeks=6) - timedelta(hours=1)


@pytest.fixture
def deadline_consultation(make_municipality, make_consultation):
    municipality = make_municipality("Frister")
    # the deadline as an admin enters it: 15 January 2027 kl. 23.59, to the end of that minute
    closes = c.end_of_minute(c.oslo_to_utc(datetime(2027, 1, 15, 23, 59)))
    return make_consultation(municipality, opens=oslo(2026, 12, 1, 9, 0), closes=closes)


@pytest.mark.parametrize("moment,phase", [
    (oslo(2026, 12, 1, 8, 59, 59), Phase.scheduled),
    (oslo(2026, 12, 1, 9, 0, 0), Phase.open),
    (oslo(2027, 1, 15, 23, 59, 0), Phase.open),
    (oslo(2027, 1, 15, 23, 59, 59), Phase.open),
    (oslo(2027, 1, 16, 0, 0, 0), Phase.closed),
])
def test_deadline_edges(app, db, clock, deadline_consultation, moment, phase):
    clock.set(moment)
    assert deadline_consultation.phase is phase
    # The SQL expression follows the same rule as the property.
    found = db.session.scalar(select(Consultation.id).where(Consultation.phase == phase.value))
    assert found == deadline_consultation.id


def test_deadline_on_the_day_summer_time_starts(app, db, clock, make_municipality,
                                                make_consultation):
    municipality = make_municipality("Sommertid")
    # kl. 12.00 on 29 March 2027 is 10:00 UTC (summer time), not 11:00 UTC
    closes = c.end_of_minute(c.oslo_to_utc(datetime(2027, 3, 29, 12, 0)))
    consultation = make_consultation(municipality, opens=oslo(2027, 3, 1, 9, 0), closes=closes)
    clock.set(datetime(2027, 3, 29, 10, 0, 59, tzinfo=UTC))
    assert consultation.phase is Phase.open
    clock.set(datetime(2027, 3, 29, 10, 1, 0, tzinfo=UTC))
    assert consultation.phase is Phase.closed


def test_draft_and_concluded(app, db, clock, make_municipality, make_consultation):
    municipality = make_municipality("Faser")
    draft = make_consultation(municipality, published=False)
    concluded = make_consultation(municipality, opens=oslo(2026, 1, 1, 9, 0),
                                  closes=oslo(2026, 2, 1, 9, 0), concluded=True)
    closed = make_consultation(municipality, opens=oslo(2026, 1, 1, 9, 0),
                               closes=oslo(2026, 2, 1, 9, 0))
    assert (draft.phase, concluded.phase, closed.phase) == (Phase.draft, Phase.concluded, Phase.closed)
    rows = dict(db.session.execute(select(Consultation.id, Consultation.phase)).all())
    assert rows == {draft.id: "draft", concluded.id: "concluded", closed.id: "closed"}
