"""The demo: an open survey in Asker, embeddable from http://127.0.0.1:5001, loaded idempotently."""
from __future__ import annotations

from sqlalchemy import func, select

from app.surveys.demo import DEMO_ORIGIN, DEMO_TITLE, DEMO_TOKEN, load_demo_survey
from app.surveys.models import Phase, QuestionType, Survey


def test_demo_survey_is_open_embeddable_and_loaded_once(client, db, make_municipality):
    asker = make_municipality("Asker", embed_origins="https://www.asker.kommune.no")
    load_demo_survey(asker)
    db.session.commit()
    load_demo_survey(asker)
    db.session.commit()
    assert db.session.scalar(select(func.count(Survey.id))) == 1
    survey = db.session.scalars(select(Survey)).one()
    assert survey.title_nb == DEMO_TITLE and survey.phase is Phase.open
    assert {q.type for q in survey.questions} == set(QuestionType)
    assert asker.embed_origin_list == ["https://www.asker.kommune.no", DEMO_ORIGIN]
    response = client.get(f"/embed/undersokelse/{DEMO_TOKEN}")
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"].endswith(
        f"frame-ancestors https://www.asker.kommune.no {DEMO_ORIGIN}")


def test_demo_host_page_embeds_the_demo_survey():
    from app.embed.demo_host import widget

    html = widget("http://127.0.0.1:5000", "/nn")
    assert f'data-tinget-survey="{DEMO_TOKEN}"' in html and 'data-lang="nn"' in html
    assert 'src="http://127.0.0.1:5000/embed.js"' in html


def test_demo_is_skipped_on_a_schema_without_survey_tables(app, db, make_municipality):
    asker = make_municipality("Asker")
    messages = []
    with db.engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE surveys RENAME TO surveys_away")
    try:
        db.session.remove()
        assert load_demo_survey(db.session.merge(asker), echo=messages.append) is None
        db.session.rollback()
    finally:
        db.session.remove()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("ALTER TABLE surveys_away RENAME TO surveys")
    assert "Demo survey skipped" in messages[0]
