"""The one clock and the one vocabulary."""
from __future__ import annotations

import ast
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core import clock, vocabulary
from app.core.audit import AuditEvent, record
from app.core.vocabulary import SDGS, THEMES, VocabularyError, clean_sdgs

APP = Path(__file__).resolve().parents[2] / "app"


def test_moments_come_back_aware_utc_on_every_database(app, db, make_municipality):
    municipality = make_municipality()
    oslo_time = datetime(2026, 6, 1, 12, 0, tzinfo=clock.OSLO)
    event = record("test.done", municipality, municipality=municipality)
    event_id = event.id
    db.session.execute(AuditEvent.__table__.update().where(AuditEvent.id == event_id)
                       .values(created_at=oslo_time))
    db.session.commit()
    db.session.expire_all()
    stored = db.session.scalar(select(AuditEvent.created_at).where(AuditEvent.id == event_id))
    assert stored.tzinfo is not None and stored.utcoffset() == timedelta(0)
    assert stored == oslo_time and stored.hour == 10


def test_a_naive_moment_is_taken_as_utc():
    assert clock.aware(datetime(2026, 1, 1, 8)) == datetime(2026, 1, 1, 8, tzinfo=timezone.utc)
    assert clock.to_oslo(datetime(2026, 1, 1, 8)).hour == 9


def test_frozen_clock(monkeypatch):
    fixed = datetime(2030, 5, 17, 8, tzinfo=timezone.utc)
    monkeypatch.setattr(clock, "frozen_now", fixed)
    assert clock.utcnow() == fixed


def test_the_vocabulary_has_seven_themes_and_seventeen_goals():
    assert list(THEMES) == ["mobilitet", "apne-data", "innbyggerinvolvering", "naeringslivsdialog",
                            "kommunikasjon", "smartbyretningslinjer", "anskaffelser"]
    assert list(SDGS) == list(range(1, 18))


@pytest.mark.parametrize("locale, expected", [("nb", "Ren energi til alle"),
                                              ("nn", "Rein energi til alle"),
                                              ("en", "Affordable and clean energy")])
def test_goal_names_are_the_official_ones(app, locale, expected):
    with app.test_request_context(f"/?lang={locale}"):
        assert vocabulary.sdg_label(7) == expected
        assert dict(vocabulary.sdg_choices())[7] == f"7. {expected}"


def test_clean_sdgs_refuses_numbers_outside_the_list():
    assert clean_sdgs(["11", 3, 3]) == [3, 11]
    with pytest.raises(VocabularyError):
        clean_sdgs([18])
    with pytest.raises(VocabularyError):
        clean_sdgs(["tre"])


def _string_constants(tree) -> set[str]:
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
            and isinstance(node.value, str)}


def test_no_area_defines_its_own_vocabulary():
    """The theme and goal names are msgids of app/core/vocabulary.py only: no other module
    repeats them (a second copy drifts, as "Smart-city guidelines" and "1 No poverty" did)."""
    names = {str(label._args[0]) if hasattr(label, "_args") else None
             for label in [*THEMES.values(), *SDGS.values()]}
    names.discard(None)
    assert len(names) == 24
    offenders = {}
    for path in APP.rglob("*.py"):
        if path.parent.name == "core" and path.name == "vocabulary.py":
            continue
        found = names & _string_constants(ast.parse(path.read_text()))
        if found:
            offenders[str(path.relative_to(APP))] = sorted(found)
    assert offenders == {}
