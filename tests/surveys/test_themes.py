"""A survey's network theme and goals: set on the settings form, saved and audited through the
services, shown as links on its builder and public pages."""
from __future__ import annotations

from sqlalchemy import select

from app.core.audit import AuditEvent
from app.surveys.models import Survey
from tests.conftest import submit
from tests.surveys.factories import build_survey
from tests.surveys.test_builder import BASE, admin, as_admin, asker, new_survey  # noqa: F401


def test_theme_and_goals_are_saved_audited_and_linked(client, db, as_admin):  # noqa: F811
    response = new_survey(client, theme="mobilitet", sdgs=["11", "3"])
    assert response.status_code == 302
    survey = db.session.scalar(select(Survey))
    assert (survey.theme, survey.sdgs) == ("mobilitet", [3, 11])
    created = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "survey.created"))
    assert (created.after["theme"], created.after["sdgs"]) == ("mobilitet", [3, 11])
    builder = client.get(f"{BASE}/{survey.id}/").get_data(as_text=True)
    assert 'href="/tema/mobilitet/"' in builder and 'href="/mal/3/"' in builder


def test_theme_and_goals_change_on_the_settings_page(client, db, as_admin, asker):  # noqa: F811
    survey = build_survey(asker)
    response = submit(client, f"{BASE}/{survey.id}/innstillinger?lang=en",
                      {"languages_choice": "nb,nn", "title_nb": "T", "title_nn": "T",
                       "requires_login": "anonymous", "theme": "apne-data", "sdgs": ["9"]})
    assert response.status_code == 302
    db.session.refresh(survey)
    assert (survey.theme, survey.sdgs) == ("apne-data", [9])
    changed = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "survey.updated"))
    assert (changed.before["theme"], changed.after["theme"]) == (None, "apne-data")
    public = client.get(f"/asker/undersokelser/{survey.id}").get_data(as_text=True)
    assert 'href="/tema/apne-data/"' in public and 'href="/mal/9/"' in public
    # an empty choice takes them off again
    submit(client, f"{BASE}/{survey.id}/innstillinger?lang=en",
           {"languages_choice": "nb,nn", "title_nb": "T", "title_nn": "T",
            "requires_login": "anonymous", "theme": ""})
    db.session.refresh(survey)
    assert (survey.theme, survey.sdgs) == (None, [])


def test_an_unknown_theme_is_refused(client, db, as_admin):  # noqa: F811
    response = new_survey(client, theme="finnes-ikke")
    assert response.status_code == 200
    assert db.session.scalar(select(Survey)) is None
