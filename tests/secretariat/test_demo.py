"""The demo network cases load once, with the members' answers."""
from __future__ import annotations

from sqlalchemy import func, select

from app.core.extensions import db
from app.secretariat.demo import load_network_case_demo
from app.secretariat.models import NetworkCase, NetworkCaseResponse


def test_demo_cases_are_idempotent(runner, app):
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    with app.app_context():
        load_network_case_demo(echo=lambda *a: None)
        load_network_case_demo(echo=lambda *a: None)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(NetworkCase)) == 2
        assert db.session.scalar(select(func.count()).select_from(NetworkCaseResponse)) == 2
