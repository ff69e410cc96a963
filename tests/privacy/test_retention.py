"""`flask retention run`: only what closed more than retention_days ago AND was exported for the
archive after its deadline is anonymised; a dry run changes nothing; a second run finds nothing."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from app.accounts.models import Role
from app.consultations import admin_services
from app.consultations.models import ConsultationAnswer
from app.core import clock
from app.core.audit import AuditEvent
from app.core.extensions import db as _db
from app.surveys import services as survey_services
from app.surveys.models import SurveyResponse, SurveyTextAnswer
from tests.consultations.factories import make_answer, make_consultation
from tests.surveys.factories import build_survey, valid_answers


@pytest.fixture(autouse=True)
def _clock():
    yield
    clock.frozen_now = None


def at(moment):
    clock.frozen_now = moment


def closed(municipality, days_ago: int, *, exported: str | None, admin, resident, title: str):
    """A consultation that closed `days_ago` days ago with one answer from `resident`; exported
    "after" or "before" its deadline, or never (None)."""
    now = clock.utcnow()
    closes = now - timedelta(days=days_ago)
    consultation = make_consultation(municipality, opens=closes - timedelta(days=30), closes=closes,
                                     title_nb=title)
    make_answer(consultation, resident, text=f"Svar på {title}.")
    if exported:
        at(closes + (timedelta(hours=1) if exported == "after" else -timedelta(hours=1)))
        admin_services.export_answers(consultation, admin, "csv")
        _db.session.commit()
        at(now)
    return consultation


@pytest.fixture
def setting(db, make_municipality, make_user, client, auth):
    at(clock.utcnow().replace(microsecond=0))
    now = clock.utcnow()
    town = make_municipality("Lierne", retention_days=30)
    keeper = make_municipality("Snåsa")  # no retention period
    admin = make_user(role=Role.admin, municipality=town)
    resident = make_user("rita.rettighet@example.no", name="Rita Rettighet", role=Role.resident,
                         municipality=town)
    items = {
        "due": closed(town, 40, exported="after", admin=admin, resident=resident, title="Due"),
        "not_exported": closed(town, 40, exported=None, admin=admin, resident=resident,
                               title="Not exported"),
        "exported_early": closed(town, 40, exported="before", admin=admin, resident=resident,
                                 title="Exported early"),
        "too_recent": closed(town, -25, exported="after", admin=admin, resident=resident,
                             title="Too recent"),
        "no_period": closed(keeper, 400, exported="after", admin=admin, resident=resident,
                            title="No period"),
    }
    survey = build_survey(town, requires_login=True, required=False,
                          closes_at=now + timedelta(days=1))
    survey_services.submit_response(survey, survey_services.read_answers(
        survey, MultiDict(valid_answers(survey))), resident, nonce="n1", channel="page")
    _db.session.commit()
    at(now + timedelta(days=31, hours=2))  # the survey closed 30 days and a day ago...
    survey.closes_at = now + timedelta(days=1)
    _db.session.commit()
    auth.login(admin)  # ...and was exported (through the page) after it closed
    assert client.get(f"/lierne/admin/undersokelser/{survey.id}/svar.csv").status_code == 200
    at(now + timedelta(days=31, hours=3))
    return town, items, survey, resident


def answer_of(consultation) -> ConsultationAnswer:
    _db.session.expire_all()
    return _db.session.scalar(select(ConsultationAnswer).where(
        ConsultationAnswer.consultation_id == consultation.id))


def survey_links(survey) -> int:
    _db.session.expire_all()
    return _db.session.scalar(select(func.count()).select_from(SurveyResponse).where(
        SurveyResponse.survey_id == survey.id, SurveyResponse.user_id.is_not(None))) + \
        _db.session.scalar(select(func.count()).select_from(SurveyTextAnswer).where(
            SurveyTextAnswer.author_id.is_not(None)))


def test_a_dry_run_says_what_is_due_and_changes_nothing(runner, setting):
    town, items, survey, resident = setting
    result = runner.invoke(args=["retention", "run", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "«Due»" in result.output and "survey" in result.output
    for name in ("Not exported", "Exported early", "Too recent", "No period"):
        assert f"«{name}»" not in result.output
    assert "nothing was changed" in result.output
    assert answer_of(items["due"]).author_name == "Rita Rettighet"
    assert survey_links(survey) > 0


def test_a_run_anonymises_only_what_is_due_and_exported_and_is_idempotent(runner, setting):
    town, items, survey, resident = setting
    result = runner.invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    assert "Anonymised 2 answer(s) in 2 item(s)." in result.output
    due = answer_of(items["due"])
    assert due.author_name == "Tidligere deltaker" and due.author_id is None
    assert due.text == "Svar på Due."  # the case document's text stays
    for name in ("not_exported", "exported_early", "too_recent", "no_period"):
        kept = answer_of(items[name])
        assert kept.author_name == "Rita Rettighet" and kept.author_id == resident.id, name
    assert survey_links(survey) == 0
    assert _db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 1
    assert not _db.session.scalar(select(AuditEvent).where(
        AuditEvent.object_type == "consultationanswer", AuditEvent.object_id == due.id,
        AuditEvent.actor_id.is_not(None)))
    events = _db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "retention.anonymised"))
    assert events == 2

    again = runner.invoke(args=["retention", "run"])
    assert again.exit_code == 0 and "Nothing is due." in again.output
    assert _db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "retention.anonymised")) == 2


def test_one_municipality_only_and_a_clear_error_for_an_unknown_one(runner, setting):
    assert "no retention period" in runner.invoke(
        args=["retention", "run", "--municipality", "snasa"]).output
    unknown = runner.invoke(args=["retention", "run", "--municipality", "atlantis"])
    assert unknown.exit_code == 1 and "no municipality" in unknown.output
    assert "Anonymised 2" in runner.invoke(
        args=["retention", "run", "--municipality", "lierne"]).output


def test_the_admin_overview_shows_what_is_due_and_what_waits_for_an_export(client, setting):
    html = client.get("/lierne/admin/personvern/?lang=en").get_data(as_text=True)
    due, waiting = html.split("Waiting for the archive export")
    assert "Due" in due and "Hvordan reiser du til jobb?" in due
    assert "Not exported" in waiting and "Exported early" in waiting
    assert "Too recent" not in html
