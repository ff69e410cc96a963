"""The builder: who may use it, every question type through its form, validation, publishing,
the lock once people have answered, and the audit trail."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.core.audit import AuditEvent
from app.surveys.models import (
    Phase, QuestionType, Survey, SurveyQuestion, SurveyResponse, SurveyStatus,
)
from tests.conftest import submit
from tests.surveys.factories import build_survey, valid_answers

BASE = "/asker/admin/undersokelser"


@pytest.fixture
def asker(make_municipality):
    return make_municipality("Asker")


@pytest.fixture
def admin(make_user, asker):
    return make_user(role=Role.admin, municipality=asker)


@pytest.fixture
def as_admin(auth, admin):
    auth.login(admin)
    return admin


def new_survey(client, **fields):
    data = {"languages_choice": "nb,nn", "title_nb": "Sykkelveier", "title_nn": "Sykkelvegar",
            "intro_nb": "", "intro_nn": "", "requires_login": "anonymous", **fields}
    return submit(client, f"{BASE}/ny?lang=en", data)


PATHS = ["/", "/ny", "/{id}/", "/{id}/resultater", "/{id}/svar.csv", "/{id}/forhandsvisning",
         "/{id}/sporsmal/ny?type=scale", "/{id}/innstillinger", "/{id}/slett"]


@pytest.mark.parametrize("who,status", [
    ("anonymous", 302), ("resident", 403), ("moderator", 403), ("admin", 200),
    ("admin_elsewhere", 403), ("network_admin", 403)])
def test_only_the_municipalitys_admins_may_use_the_builder(client, auth, make_user,
                                                          make_municipality, asker, who, status):
    survey = build_survey(asker)
    if who in ("resident", "moderator", "admin"):
        auth.login(make_user(role=Role(who), municipality=asker))
    elif who == "admin_elsewhere":
        auth.login(make_user(role=Role.admin, municipality=make_municipality("Bærum")))
    elif who == "network_admin":
        auth.login(make_user(network_admin=True))
    got = {path: client.get(BASE + path.format(id=survey.id)).status_code for path in PATHS}
    assert got == {path: status for path in PATHS}


def test_admin_creates_a_draft_with_one_section_and_it_is_audited(client, db, as_admin, asker):
    response = new_survey(client, closes_at="2030-06-01T12:00")
    assert response.status_code == 302
    survey = db.session.scalars(select(Survey)).one()
    assert survey.status is SurveyStatus.draft and survey.phase is Phase.draft
    assert survey.title_nn == "Sykkelvegar" and survey.languages == "nb,nn"
    assert not survey.requires_login  # anonymous is the default
    assert len(survey.sections) == 1
    assert survey.closes_at.replace(tzinfo=None).hour == 10  # 12:00 in Oslo (summer) is 10:00 UTC
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "survey.created"))
    assert event.actor_id == as_admin.id and event.municipality_id == asker.id


@pytest.mark.parametrize("fields,message", [
    ({"title_nn": ""}, "Write this text in nynorsk."),
    ({"languages_choice": "nb", "title_nb": ""}, "Write this text in bokmål."),
    ({"opens_at": "2030-06-02T12:00", "closes_at": "2030-06-01T12:00"},
     "The closing time must be after the opening time."),
    ({"closes_at": "2030-03-31T02:30"},  # the hour skipped when summer time starts
     "That time does not exist in Norway (summer time starts then). Choose another."),
])
def test_survey_settings_are_validated(client, db, as_admin, fields, message):
    response = new_survey(client, **fields)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert db.session.scalars(select(Survey)).first() is None


QUESTION_FORMS = {
    QuestionType.single_choice: {"options_nb": "Ja\nNei\nVet ikke", "options_nn": "Ja\nNei\nVeit ikkje"},
    QuestionType.multiple_choice: {"options_nb": "A\nB\nC", "options_nn": "A\nB\nC",
                                   "min_choices": "1", "max_choices": "2"},
    QuestionType.ranking: {"options_nb": "Buss\nTog", "options_nn": "Buss\nTog"},
    QuestionType.scale: {"scale": "0-10", "low_label_nb": "Lite", "low_label_nn": "Lite",
                         "high_label_nb": "Mye", "high_label_nn": "Mykje"},
    QuestionType.yes_no: {},
    QuestionType.short_text: {},
    QuestionType.long_text: {"max_length": "300"},
    QuestionType.number: {"min_number": "0", "max_number": "120"},
}


def draft(db, asker):
    survey = build_survey(asker, status=SurveyStatus.draft)
    for section in survey.sections:
        section.questions.clear()
    db.session.commit()
    return survey


@pytest.mark.parametrize("kind", list(QuestionType))
def test_every_question_type_can_be_added_through_its_form(client, db, as_admin, asker, kind):
    survey = draft(db, asker)
    data = {"text_nb": "Spørsmål", "text_nn": "Spørsmål", "help_nb": "Hjelp", "help_nn": "Hjelp",
            "required": "y", "section_id": str(survey.sections[1].id), **QUESTION_FORMS[kind]}
    url = f"{BASE}/{survey.id}/sporsmal/ny?type={kind.value}&seksjon={survey.sections[0].id}"
    response = submit(client, url, data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    question = db.session.scalars(select(SurveyQuestion)).one()
    assert question.type is kind and question.required and question.help_nn == "Hjelp"
    assert question.section_id == survey.sections[1].id  # placed in the chosen section
    if kind is QuestionType.single_choice:
        assert [o.label_nn for o in question.options] == ["Ja", "Nei", "Veit ikkje"]
    if kind is QuestionType.multiple_choice:
        assert (question.min_value, question.max_value) == (1, 2)
    if kind is QuestionType.scale:
        assert question.scale_points == list(range(0, 11)) and question.high_label_nn == "Mykje"
    if kind is QuestionType.long_text:
        assert question.text_limit == 300
    if kind is QuestionType.number:
        assert (question.min_value, question.max_value) == (0, 120)
    # The edit form shows what was saved.
    edit = client.get(f"{BASE}/{survey.id}/sporsmal/{question.id}").get_data(as_text=True)
    assert "Spørsmål" in edit


@pytest.mark.parametrize("kind,fields,message", [
    (QuestionType.single_choice, {"options_nb": "Bare én", "options_nn": "Berre éin"},
     "Write at least two options, one per line."),
    (QuestionType.single_choice, {"options_nb": "A\nB\nC", "options_nn": "A\nB"},
     "Write as many nynorsk options as bokmål options, in the same order."),
    (QuestionType.multiple_choice, {"options_nb": "A\nB", "options_nn": "A\nB", "min_choices": "2",
                                    "max_choices": "1"}, "The fewest must not be more than the most."),
    (QuestionType.multiple_choice, {"options_nb": "A\nB", "options_nn": "A\nB", "min_choices": "3"},
     "There are only 2 options."),
    (QuestionType.number, {"min_number": "10", "max_number": "10"},
     "The smallest must be less than the largest."),
    (QuestionType.long_text, {"max_length": "999999"}, "Number must be between 1 and 5000."),
    (QuestionType.yes_no, {"text_nn": ""}, "Write this text in nynorsk."),
])
def test_question_forms_are_validated_and_nothing_is_saved(client, db, as_admin, asker, kind,
                                                           fields, message):
    survey = draft(db, asker)
    data = {"text_nb": "Spørsmål", "text_nn": "Spørsmål", **fields}
    response = submit(client, f"{BASE}/{survey.id}/sporsmal/ny?type={kind.value}&lang=en", data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalars(select(SurveyQuestion)).first() is None


def test_a_bokmal_only_survey_asks_for_bokmal_texts_only(client, db, as_admin, asker):
    survey = draft(db, asker)
    survey.languages = "nb"
    db.session.commit()
    page = client.get(f"{BASE}/{survey.id}/sporsmal/ny?type=yes_no").get_data(as_text=True)
    assert 'name="text_nb"' in page and 'name="text_nn"' not in page
    response = submit(client, f"{BASE}/{survey.id}/sporsmal/ny?type=yes_no", {"text_nb": "Ja?"})
    assert response.status_code == 302


def test_publishing_needs_questions_and_texts_in_every_written_form(client, db, as_admin, asker):
    survey = draft(db, asker)
    response = submit(client, f"{BASE}/{survey.id}/publiser?lang=en", {},
                      form_url=f"{BASE}/{survey.id}/")
    assert response.status_code == 302
    page = client.get(f"{BASE}/{survey.id}/?lang=en").get_data(as_text=True)
    assert "Add at least one question." in page
    assert db.session.get(Survey, survey.id).status is SurveyStatus.draft
    ready = build_survey(asker, status=SurveyStatus.draft)
    ready.questions[0].text_nn = ""
    db.session.commit()
    submit(client, f"{BASE}/{ready.id}/publiser?lang=en", {}, form_url=f"{BASE}/{ready.id}/")
    assert "Question 1 is missing texts in nynorsk." in client.get(
        f"{BASE}/{ready.id}/?lang=en").get_data(as_text=True)
    ready.questions[0].text_nn = "Korleis?"
    db.session.commit()
    submit(client, f"{BASE}/{ready.id}/publiser", {}, form_url=f"{BASE}/{ready.id}/")
    assert db.session.get(Survey, ready.id).phase is Phase.open
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "survey.published"))


def answer_once(client, survey):
    url = f"/asker/undersokelser/{survey.id}"
    html = client.get(url).get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    assert client.post(url, data={"csrf_token": csrf, "form_token": token,
                                  **valid_answers(survey)}).status_code == 303


def test_questions_are_locked_once_someone_has_answered(app, client, db, auth, as_admin, asker):
    survey = build_survey(asker)
    answer_once(app.test_client(), survey)
    question = survey.questions[0]
    for url, data in [(f"{BASE}/{survey.id}/sporsmal/{question.id}/slett", {}),
                      (f"{BASE}/{survey.id}/sporsmal/ny?type=yes_no", {"text_nb": "x", "text_nn": "x"}),
                      (f"{BASE}/{survey.id}/sporsmal/{question.id}", {"text_nb": "x", "text_nn": "x",
                                                                       "required": "y",
                                                                       "options_nb": "a\nb", "options_nn": "a\nb"}),
                      (f"{BASE}/{survey.id}/seksjoner/ny", {}),
                      (f"{BASE}/{survey.id}/til-utkast", {})]:
        response = submit(client, url + ("&" if "?" in url else "?") + "lang=en", data,
                          form_url=f"{BASE}/{survey.id}/")
        assert response.status_code == 302, url
    db.session.expire_all()
    survey = db.session.get(Survey, survey.id)
    assert len(survey.questions) == 8 and survey.questions[0].text_nb == "Hvordan reiser du oftest?"
    assert len(survey.questions[0].options) == 4
    assert survey.status is SurveyStatus.published
    page = client.get(f"{BASE}/{survey.id}/?lang=en").get_data(as_text=True)
    assert "People have answered, so questions can no longer be added" in page
    # Texts can still be corrected, options included, as long as nothing else changes.
    labels = "\n".join(o.label_nb for o in question.options).replace("Bil", "Bil eller MC")
    response = submit(client, f"{BASE}/{survey.id}/sporsmal/{question.id}",
                      {"text_nb": "Hvordan reiser du vanligvis?", "text_nn": question.text_nn,
                       "help_nb": "", "help_nn": "", "required": "y",
                       "options_nb": labels, "options_nn": "\n".join(o.label_nn for o in question.options),
                       "section_id": str(question.section_id)})
    assert response.status_code == 302
    db.session.expire_all()
    question = db.session.get(SurveyQuestion, question.id)
    assert question.text_nb == "Hvordan reiser du vanligvis?"
    assert question.options[0].label_nb == "Bil eller MC" and len(question.options) == 4
    # Closing still works, and the survey then takes no answers.
    submit(client, f"{BASE}/{survey.id}/avslutt", {}, form_url=f"{BASE}/{survey.id}/")
    assert db.session.get(Survey, survey.id).phase is Phase.closed


def test_questions_and_sections_move_and_are_deleted(client, db, as_admin, asker):
    survey = build_survey(asker, status=SurveyStatus.draft)
    first, second = [q.id for q in survey.sections[0].questions[:2]]
    submit(client, f"{BASE}/{survey.id}/sporsmal/{second}/flytt", {"direction": "up"},
           form_url=f"{BASE}/{survey.id}/")
    db.session.expire_all()
    assert [q.id for q in db.session.get(Survey, survey.id).sections[0].questions[:2]] == \
        [second, first]
    sections = [s.id for s in survey.sections]
    submit(client, f"{BASE}/{survey.id}/seksjoner/{sections[1]}/flytt", {"direction": "up"},
           form_url=f"{BASE}/{survey.id}/")
    db.session.expire_all()
    assert [s.id for s in db.session.get(Survey, survey.id).sections] == sections[::-1]
    submit(client, f"{BASE}/{survey.id}/sporsmal/{first}/slett", {}, form_url=f"{BASE}/{survey.id}/")
    submit(client, f"{BASE}/{survey.id}/seksjoner/{sections[1]}/slett", {}, form_url=f"{BASE}/{survey.id}/")
    db.session.expire_all()
    survey = db.session.get(Survey, survey.id)
    assert len(survey.sections) == 1 and first not in [q.id for q in survey.questions]
    assert [q.position for q in survey.sections[0].questions] == [0, 1, 2]  # renumbered
    # The last section cannot go.
    submit(client, f"{BASE}/{survey.id}/seksjoner/{survey.sections[0].id}/slett", {},
           form_url=f"{BASE}/{survey.id}/")
    db.session.expire_all()
    assert len(db.session.get(Survey, survey.id).sections) == 1


def test_preview_checks_answers_and_saves_nothing(client, db, as_admin, asker):
    survey = build_survey(asker, status=SurveyStatus.draft)
    url = f"{BASE}/{survey.id}/forhandsvisning?lang=en"
    errors = submit(client, url, {}).get_data(as_text=True)
    assert "Question 1: Choose one of the options." in errors
    ok = submit(client, url, valid_answers(survey))
    assert "Every answer is valid. In the preview nothing is saved." in ok.get_data(as_text=True)
    assert db.session.scalars(select(SurveyResponse)).first() is None


def test_builder_shows_the_snippet_or_says_embedding_is_refused(client, db, as_admin, asker):
    survey = build_survey(asker)
    page = client.get(f"{BASE}/{survey.id}/?lang=en").get_data(as_text=True)
    assert "No web site is registered for embedding, so browsers refuse" in page
    assert f'data-tinget-survey="{survey.embed_token}"' in page
    assert "/embed.js" in page
    asker.embed_origins = "https://www.asker.kommune.no"
    db.session.commit()
    page = client.get(f"{BASE}/{survey.id}/?lang=en").get_data(as_text=True)
    assert "No web site is registered" not in page
    assert "<code>https://www.asker.kommune.no</code>" in page


def test_deleting_a_survey_removes_its_answers_and_is_audited(app, client, db, as_admin, asker):
    survey = build_survey(asker)
    answer_once(app.test_client(), survey)
    page = client.get(f"{BASE}/{survey.id}/slett?lang=en").get_data(as_text=True)
    assert "The survey has 1 response." in page
    submit(client, f"{BASE}/{survey.id}/slett", {})
    assert db.session.scalars(select(Survey)).first() is None
    assert db.session.scalars(select(SurveyResponse)).first() is None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "survey.deleted"))
    assert event.before["responses"] == 1


def test_switching_to_logged_in_answers_is_refused_after_answers(app, client, db, as_admin, asker):
    survey = build_survey(asker)
    answer_once(app.test_client(), survey)
    response = submit(client, f"{BASE}/{survey.id}/innstillinger?lang=en",
                      {"languages_choice": "nb,nn", "title_nb": "T", "title_nn": "T",
                       "requires_login": "login"})
    assert response.status_code == 409
    assert db.session.get(Survey, survey.id).requires_login is False
