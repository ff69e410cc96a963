"""Machine drafts of a survey's other written form (issue 15): drafting, review, publishing."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.core.audit import AuditEvent
from app.core.extensions import db
from app.core.translation import Apertium
from app.surveys.models import (
    QuestionType, Survey, SurveyOption, SurveyQuestion, SurveySection, SurveyStatus,
)
from tests.conftest import csrf_from, require, submit

BASE = "/asker/admin/undersokelser"


@pytest.fixture
def apertium(app):
    require(Apertium().pairs() >= {("nb", "nn"), ("nn", "nb")},
            "Debian's apertium and apertium-nno-nob are not installed")


@pytest.fixture
def asker(make_municipality):
    return make_municipality("Asker")


@pytest.fixture
def admin(make_user, asker, auth):
    user = make_user(role=Role.admin, municipality=asker)
    auth.login(user)
    return user


def bokmal_survey(municipality, *, full: bool = False) -> Survey:
    """A draft survey in bokmål only: a title and a yes/no question; with `full` also a section
    title, a scale with its labels and a single choice with options (and one nynorsk text)."""
    m = municipality.id
    survey = Survey(municipality_id=m, title_nb="Vi ønsker innspill fra deg", languages="nb",
                    status=SurveyStatus.draft)
    section = SurveySection(municipality_id=m, position=0,
                            title_nb="Reisen fra hjemmet" if full else "")
    survey.sections = [section]
    db.session.add(survey)
    db.session.flush()
    questions = [SurveyQuestion(municipality_id=m, survey_id=survey.id, position=0,
                                type=QuestionType.yes_no, text_nb="Reiser du fra Asker?")]
    if full:
        questions[0].text_nn = "Reiser du frå Asker? (skrive for hand)"
        questions += [
            SurveyQuestion(municipality_id=m, survey_id=survey.id, position=1,
                           type=QuestionType.scale, text_nb="Hvor fornøyd er du?", min_value=1,
                           max_value=5, low_label_nb="Svært misfornøyd",
                           high_label_nb="Svært fornøyd"),
            SurveyQuestion(municipality_id=m, survey_id=survey.id, position=2,
                           type=QuestionType.single_choice, text_nb="Hva ønsker du?",
                           options=[SurveyOption(municipality_id=m, position=0,
                                                 label_nb="Flere busser fra sentrum"),
                                    SurveyOption(municipality_id=m, position=1,
                                                 label_nb="Bedre sykkelveier")])]
    section.questions = questions
    db.session.commit()
    return survey


def _builder(survey) -> str:
    return f"{BASE}/{survey.id}/"


def _post(client, survey, path, **data):
    return submit(client, f"{BASE}/{survey.id}/{path}", data, form_url=_builder(survey) + "?lang=en")


def _fresh(survey) -> Survey:
    db.session.expire_all()
    return db.session.get(Survey, survey.id)


def test_the_draft_fills_every_empty_text_and_offers_both_forms(client, apertium, asker, admin):
    survey = bokmal_survey(asker, full=True)
    page = client.get(_builder(survey) + "?lang=en").get_data(as_text=True)
    assert "Make a draft in nynorsk" in page
    response = _post(client, survey, "maskinutkast")
    assert response.status_code == 302
    survey = _fresh(survey)
    assert survey.title_nn == "Vi ønskjer innspel frå deg"
    assert survey.languages == "nb,nn"
    assert survey.sections[0].title_nn == "Reisa frå heimen"
    yes_no, scale, choice = survey.questions
    assert yes_no.text_nn == "Reiser du frå Asker? (skrive for hand)"  # filled: left alone
    assert scale.text_nn.startswith("Kor ") and scale.low_label_nn.startswith("Svært ")
    assert scale.high_label_nn
    assert "ønskjer" in choice.text_nn
    assert [o.label_nn for o in choice.options] == ["Fleire bussar frå sentrum",
                                                    "Betre sykkelvegar"]
    assert survey.intro_nn == "" and yes_no.help_nn == ""  # nothing to translate
    assert survey.machine_drafted == "nn" and survey.needs_review
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "survey.machine_drafted"))
    assert event.actor_id == admin.id and event.after["languages"] == "nb,nn"
    page = client.get(_builder(survey) + "?lang=en").get_data(as_text=True)
    assert "The nynorsk text is a machine draft. Read it through and correct it before you " \
        "publish." in page


def test_never_published_unreviewed_and_the_review_is_recorded(client, apertium, asker, admin):
    survey = bokmal_survey(asker)
    _post(client, survey, "maskinutkast")
    _post(client, survey, "publiser")
    assert _fresh(survey).status is SurveyStatus.draft
    _post(client, survey, "maskinutkast/gjennomlest")  # the box not ticked: nothing happens
    assert _fresh(survey).needs_review
    _post(client, survey, "maskinutkast/gjennomlest", confirmed="y")
    survey = _fresh(survey)
    assert survey.draft_reviewed_by_id == admin.id and survey.draft_reviewed_at is not None
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "survey.draft_reviewed", AuditEvent.actor_id == admin.id))
    survey.questions[0].text_nn = "Reiser du frå Asker i dag?"  # a correction by hand
    db.session.commit()
    _post(client, survey, "publiser")
    survey = _fresh(survey)
    assert survey.status is SurveyStatus.published and survey.machine_drafted == "nn"
    # The public page says so to the nynorsk reader, not to the bokmål reader.
    nynorsk = client.get(f"/asker/undersokelser/{survey.id}?lang=nn").get_data(as_text=True)
    assert 'class="muted machine-note"' in nynorsk
    # (with the nn catalogue: "Teksten er maskinomsett frå bokmål og lesen gjennom av kommunen")
    bokmal = client.get(f"/asker/undersokelser/{survey.id}?lang=nb").get_data(as_text=True)
    assert "machine-note" not in bokmal
    asker.default_locale = "nn"
    db.session.commit()
    english = client.get(f"/asker/undersokelser/{survey.id}?lang=en").get_data(as_text=True)
    assert "The text is machine-translated from bokmål and read through by the municipality." \
        in english


def test_a_published_survey_and_filled_forms_are_not_drafted(client, apertium, asker, admin):
    survey = bokmal_survey(asker)
    survey.title_nn, survey.questions[0].text_nn = "Tittel", "Spørsmål"
    db.session.commit()
    page = client.get(_builder(survey) + "?lang=en").get_data(as_text=True)
    assert "Make a draft in" not in page and "Now both written forms are filled in" in page
    _post(client, survey, "maskinutkast")
    assert _fresh(survey).machine_drafted is None
    survey.title_nn, survey.status = "", SurveyStatus.published
    db.session.commit()
    assert "Draft the other written form" not in client.get(
        _builder(survey) + "?lang=en").get_data(as_text=True)
    _post(client, survey, "maskinutkast")
    assert _fresh(survey).title_nn == ""


def test_engine_off_hides_the_button_and_refuses_the_post(app, client, asker, admin,
                                                          monkeypatch):
    monkeypatch.setitem(app.config, "TRANSLATION_ENGINE", "")
    survey = bokmal_survey(asker)
    assert "Make a draft in" not in client.get(_builder(survey) + "?lang=en").get_data(
        as_text=True)
    response = _post(client, survey, "maskinutkast")
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Maskinoversettelse er ikke tilgjengelig" in page or \
        "Machine translation is not available" in page
    assert _fresh(survey).title_nn == "" and _fresh(survey).languages == "nb"


@pytest.mark.parametrize("role", ["resident", "moderator", "other_admin"])
def test_only_the_municipalitys_admins_draft_and_review(client, make_municipality, make_user,
                                                        auth, asker, role):
    survey = bokmal_survey(asker)
    if role == "other_admin":
        user = make_user(role="admin", municipality=make_municipality("Bergen"))
    else:
        user = make_user(role=role, municipality=asker)
    auth.login(user)
    token = csrf_from(client.get("/konto/").get_data(as_text=True))
    for path in ("maskinutkast", "maskinutkast/gjennomlest"):
        response = client.post(f"{BASE}/{survey.id}/{path}",
                               data={"csrf_token": token, "confirmed": "y"})
        assert response.status_code == 403
    assert _fresh(survey).machine_drafted is None


def test_a_copy_keeps_the_machine_mark_and_needs_its_own_review(app, asker, make_municipality,
                                                                 make_user):
    from app.surveys.admin_services import copy_survey
    source = bokmal_survey(asker)
    source.machine_drafted, source.draft_reviewed_at = "nn", source.created_at
    db.session.commit()
    bergen = make_municipality("Bergen")
    with app.test_request_context():
        copy = copy_survey(source, make_user(role="admin", municipality=bergen), bergen)
        assert copy.machine_drafted == "nn" and copy.needs_review
