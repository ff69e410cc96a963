"""Answering on the full page: every question type is validated, and nothing is half-saved."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, inspect, select

from app.accounts.models import Role
from app.surveys.models import SurveyAnswer, SurveyResponse, SurveyStatus, SurveyTextAnswer
from tests.surveys.factories import build_survey, valid_answers


def form_token(html: str) -> str:
    match = re.search(r'name="form_token" value="([^"]+)"', html)
    assert match, "no form token on the page"
    return match.group(1)


def csrf(html: str) -> str:
    from tests.conftest import csrf_from

    return csrf_from(html)


def answer(client, survey, data: dict, lang: str = "en"):
    url = f"/{survey.municipality.slug}/undersokelser/{survey.id}?lang={lang}"
    page = client.get(url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf(page), "form_token": form_token(page), **data})


def counts(db) -> tuple[int, int, int]:
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (SurveyResponse, SurveyAnswer, SurveyTextAnswer))


@pytest.fixture
def asker(make_municipality):
    return make_municipality("Asker")


@pytest.fixture
def survey(db, asker):
    return build_survey(asker)


def test_valid_answers_are_saved_as_one_anonymous_response(client, db, auth, make_user, asker,
                                                           survey):
    auth.login(make_user(role=Role.resident, municipality=asker))  # logged in, yet anonymous
    response = answer(client, survey, valid_answers(survey))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/asker/undersokelser/{survey.id}/takk")
    saved = db.session.scalars(select(SurveyResponse)).one()
    assert saved.user_id is None and saved.channel == "page"
    assert saved.submitted_at.minute == 0 and saved.submitted_at.second == 0
    single, multiple, scale, yes_no, short, long_, number, ranking = survey.questions
    by_question = {}
    for row in saved.answers:
        by_question.setdefault(row.question_id, []).append(row)
    assert by_question[single.id][0].option_id == single.options[1].id
    assert {a.option_id for a in by_question[multiple.id]} == {multiple.options[0].id,
                                                                multiple.options[2].id}
    assert by_question[scale.id][0].number == 4 and by_question[yes_no.id][0].number == 0
    assert by_question[number.id][0].number == 35
    assert sorted((a.rank, a.option_id) for a in by_question[ranking.id]) == \
        [(n, o.id) for n, o in enumerate(ranking.options, 1)]
    assert {t.body for t in saved.text_answers} == {"Asker sentrum", "Flere bussavganger, takk."}
    assert counts(db) == (1, 9, 2)


def test_no_ip_address_and_no_account_are_stored_anywhere(client, db, auth, make_user, asker,
                                                          survey):
    user = make_user(role=Role.resident, municipality=asker)
    auth.login(user)
    answer(client, survey, valid_answers(survey), )
    for model in (SurveyResponse, SurveyAnswer, SurveyTextAnswer):
        for row in db.session.scalars(select(model)):
            for column in inspect(model).columns:
                value = getattr(row, column.key)
                assert "127.0.0.1" not in str(value), f"{model.__name__}.{column.key} holds the IP"
    assert db.session.scalar(select(SurveyResponse.user_id)) is None
    assert not {c.key for c in inspect(SurveyResponse).columns} & {"ip", "ip_address", "user_agent"}


CASES = [
    # (question index, field value(s) or None to leave empty, expected message)
    (0, None, "Choose one of the options."),
    (0, "999999", "Choose one of the options shown."),
    (1, None, "Choose at least 1 option."),
    (1, "all", "Choose at most 2 options."),
    (1, ["999999"], "Choose among the options shown."),
    (2, None, "Choose a point on the scale."),
    (2, "6", "Choose a point on the scale."),
    (3, None, "Choose yes or no."),
    (3, "kanskje", "Choose yes or no."),
    (4, None, "Write an answer."),
    (4, "   ", "Write an answer."),
    (5, None, "Write an answer."),
    (5, "x" * 51, "Write at most 50 characters; the answer has 51."),
    (6, None, "Enter a number."),
    (6, "mange", "Enter a number, like 12 or 3,5."),
    (6, "-1", "Enter a number of at least 0."),
    (6, "301", "Enter a number of at most 300."),
    (7, None, "Rank all the options."),
    (7, "partial", "Rank all the options, from 1 to 3."),
    (7, "same", "Give each option a different rank."),
    (7, "out-of-range", "Rank all the options, from 1 to 3."),
]


@pytest.mark.parametrize("index,value,message", CASES)
def test_each_invalid_answer_gets_a_clear_message_and_nothing_is_saved(client, db, survey, index,
                                                                       value, message):
    question = survey.questions[index]
    data = valid_answers(survey)
    name = question.field_name
    if question.type.value == "ranking":
        keys = [f"{name}-{o.id}" for o in question.options]
        for key in keys:
            data.pop(key)
        if value == "partial":
            data[keys[0]] = "1"
        elif value == "same":
            data.update({key: "1" for key in keys})
        elif value == "out-of-range":
            data.update({keys[0]: "1", keys[1]: "2", keys[2]: "7"})
    elif value is None:
        data.pop(name)
    elif value == "all":
        data[name] = [str(o.id) for o in question.options]
    else:
        data[name] = value
    response = answer(client, survey, data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html
    assert f"Question {index + 1}: {message}" in html  # the error summary names the question
    assert 'role="alert"' in html
    assert counts(db) == (0, 0, 0)


def test_all_errors_are_reported_at_once_and_the_answers_are_kept(client, db, survey):
    data = valid_answers(survey)
    single, *_, number, ranking = survey.questions
    data.pop(single.field_name)
    data[number.field_name] = "999"
    response = answer(client, survey, data)
    html = response.get_data(as_text=True)
    assert "Question 1: Choose one of the options." in html
    assert "Question 7: Enter a number of at most 300." in html
    assert 'value="999"' in html and 'aria-invalid="true"' in html
    assert "Asker sentrum" in html  # what was written comes back
    assert counts(db) == (0, 0, 0)


def test_optional_questions_may_be_left_empty(client, db, asker):
    survey = build_survey(asker, required=False)
    assert answer(client, survey, {}).status_code == 303
    assert counts(db) == (1, 0, 0)


def test_nynorsk_reader_gets_nynorsk_texts(client, survey):
    html = client.get(f"/asker/undersokelser/{survey.id}?lang=nn").get_data(as_text=True)
    assert "Korleis reiser du oftast?" in html and "Svært misnøgd" in html
    assert '<html lang="nn"' in html


def test_bokmal_only_survey_marks_its_language_for_nynorsk_readers(client, asker):
    survey = build_survey(asker, languages="nb")
    survey.title_nn = ""
    from app.core.extensions import db

    db.session.commit()
    html = client.get(f"/asker/undersokelser/{survey.id}?lang=nn").get_data(as_text=True)
    assert '<h1 lang="nb">Hvordan reiser du til jobb?</h1>' in html


@pytest.mark.parametrize("opens,closes,status,text", [
    (timedelta(days=1), timedelta(days=2), SurveyStatus.published, "The survey opens"),
    (None, -timedelta(minutes=1), SurveyStatus.published, "The survey closed"),
])
def test_a_survey_that_is_not_open_takes_no_answers(client, db, asker, opens, closes, status,
                                                    text):
    now = datetime.now(timezone.utc)
    survey = build_survey(asker, status=status, opens_at=now + opens if opens else None,
                          closes_at=now + closes)
    url = f"/asker/undersokelser/{survey.id}?lang=en"
    page = client.get(url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and text in html and "form_token" not in html
    token = csrf(client.get("/konto/logg-inn").get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token, **valid_answers(survey)})
    assert response.status_code == 409
    assert counts(db) == (0, 0, 0)


def test_a_draft_is_hidden_from_everyone_but_admins(client, auth, make_user, asker):
    survey = build_survey(asker, status=SurveyStatus.draft)
    assert client.get(f"/asker/undersokelser/{survey.id}").status_code == 404
    auth.login(make_user(role=Role.moderator, municipality=asker))
    assert client.get(f"/asker/undersokelser/{survey.id}").status_code == 404
    auth.logout()
    auth.login(make_user(role=Role.admin, municipality=asker))
    assert client.get(f"/asker/undersokelser/{survey.id}").status_code == 200


def test_logged_in_survey_needs_an_account_and_takes_one_answer_each(client, db, auth, make_user,
                                                                     asker):
    survey = build_survey(asker, requires_login=True)
    url = f"/asker/undersokelser/{survey.id}?lang=en"
    html = client.get(url).get_data(as_text=True)
    assert "Log in to answer this survey." in html and "form_token" not in html
    user = make_user(role=Role.resident, municipality=asker)
    auth.login(user)
    assert answer(client, survey, valid_answers(survey)).status_code == 303
    assert db.session.scalar(select(SurveyResponse.user_id)) == user.id
    html = client.get(url).get_data(as_text=True)
    assert "You have already answered this survey." in html and "form_token" not in html
    assert counts(db)[0] == 1


def test_the_same_form_sent_twice_is_counted_once(client, db, survey):
    url = f"/asker/undersokelser/{survey.id}?lang=en"
    page = client.get(url).get_data(as_text=True)
    data = {"csrf_token": csrf(page), "form_token": form_token(page), **valid_answers(survey)}
    assert client.post(url, data=data).status_code == 303
    again = client.post(url, data=data)
    assert again.status_code == 303 and "again=1" in again.headers["Location"]
    assert "We had already received these answers" in client.get(
        again.headers["Location"] + "&lang=en").get_data(as_text=True)
    assert counts(db)[0] == 1


def test_answers_are_rate_limited(app, client, db, survey, monkeypatch):
    monkeypatch.setitem(app.config, "SURVEY_ANSWER_RATE_LIMIT", "2 per minute")
    statuses = [answer(client, survey, valid_answers(survey)).status_code for _ in range(3)]
    assert statuses == [303, 303, 429]
    assert counts(db)[0] == 2
