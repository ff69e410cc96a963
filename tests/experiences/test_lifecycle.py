"""An experience from a finished item to the network: suggested from the item, written,
published, unpublished, edited and deleted, each step audited; refusals leave nothing behind."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.core.audit import AuditEvent
from app.experiences import services
from app.experiences.models import Experience
from app.experiences.queries import ITEM_KINDS
from app.experiences.services import ExperienceError
from tests.conftest import csrf_from, submit
from tests.consultations.factories import consultation_in_phase, make_answer
from tests.experiences.factories import complete_form, finished_item, make_experience
from tests.surveys.factories import survey_in_state
from tests.votes.factories import create_vote


@pytest.fixture
def admin(auth, make_municipality, make_user):
    municipality = make_municipality("Asker")
    user = make_user(role=Role.admin, municipality=municipality)
    auth.login(user)
    return user, municipality


def count(db, model=Experience) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def actions(db) -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.action.like("experience.%")).order_by(AuditEvent.id)))


def test_the_overview_offers_finished_items_without_an_experience(client, admin, make_municipality):
    _, asker = admin
    concluded = finished_item(asker, "consultation", title="Avsluttet høring")
    closed_vote = finished_item(asker, "vote", title="Lukket avstemning")
    closed_survey = finished_item(asker, "survey", title="Lukket undersøkelse")
    consultation_in_phase(asker, "closed", title_nb="Lukket, ikke konkludert")
    consultation_in_phase(asker, "open", title_nb="Åpen høring")
    create_vote(asker, title="Åpen avstemning")
    survey_in_state(asker, "open", title="Åpen undersøkelse")
    elsewhere = make_municipality("Bergen")
    finished_item(elsewhere, "consultation", title="Bergens høring")
    written = finished_item(asker, "vote", title="Avstemning med erfaring")
    make_experience(asker, written, "vote", title_nb="Allerede skrevet")

    html = client.get("/asker/admin/erfaringer/").get_data(as_text=True)
    waiting = html.split('id="candidates-heading"')[1].split("</section>")[0]
    for item, kind in ((concluded, "consultation"), (closed_vote, "vote"),
                       (closed_survey, "survey")):
        assert f"/asker/admin/erfaringer/ny/{kind}/{item.id}" in waiting
    for title in ("Lukket, ikke konkludert", "Åpen høring", "Åpen avstemning",
                  "Åpen undersøkelse", "Bergens høring", "Avstemning med erfaring"):
        assert title not in waiting
    assert "Allerede skrevet" in html.split('id="experiences-heading"')[1]


def test_the_form_is_suggested_from_the_item(client, admin, db, make_user):
    _, asker = admin
    consultation = finished_item(asker, "consultation", theme="apne-data", sdgs=(9, 16))
    resident = make_user(role=Role.resident, municipality=asker)
    for status in ("approved", "approved", "approved", "pending", "withdrawn"):
        make_answer(consultation, resident, status=status)
    html = client.get(f"/asker/admin/erfaringer/ny/consultation/{consultation.id}").get_data(
        as_text=True)
    assert re.search(r'id="participants"[^>]*value="3"', html)
    assert re.search(r'id="title_nb"[^>]*value="Ny skole på Holmen"', html)
    assert re.search(r'<option selected value="apne-data"|<option value="apne-data" selected', html)
    assert re.search(r'value="9"[^>]*checked|checked[^>]*value="9"', html)
    assert re.search(r'value="16"[^>]*checked|checked[^>]*value="16"', html)


def test_write_publish_unpublish_edit_delete(client, admin, db):
    user, asker = admin
    vote = finished_item(asker, "vote")
    response = submit(client, f"/asker/admin/erfaringer/ny/vote/{vote.id}", complete_form())
    assert response.status_code == 302
    experience = db.session.scalar(select(Experience))
    assert (experience.kind, experience.item_id, experience.municipality_id) == \
        ("vote", vote.id, asker.id)
    assert experience.participants == 17 and experience.sdgs == [4, 11]
    assert not experience.is_published and experience.created_by_id == user.id
    public = f"/asker/erfaringer/{experience.id}"
    assert client.get(public).status_code == 404

    edit = f"/asker/admin/erfaringer/{experience.id}"
    assert submit(client, edit + "/publiser", {}, form_url=edit).status_code == 302
    page = client.get(public + "?lang=nb").get_data(as_text=True)
    assert "Slik fikk vi flere svar" in page and "Kommunestyret bygde skolen." in page
    assert f'href="/asker/avstemninger/{vote.id}"' in page
    assert 'href="/tema/mobilitet/"' in page and 'href="/mal/11/"' in page
    assert "Slik fikk vi flere svar" in client.get("/asker/erfaringer/").get_data(as_text=True)

    assert submit(client, edit + "/avpubliser", {}, form_url=edit).status_code == 302
    assert client.get(public).status_code == 404
    assert submit(client, edit, complete_form(title_nb="Ny tittel", participants="20")
                  ).status_code == 302
    db.session.expire_all()
    assert (experience.title_nb, experience.participants) == ("Ny tittel", 20)

    assert submit(client, edit + "/slett", {}, form_url=edit).status_code == 302
    assert count(db) == 0
    assert actions(db) == ["experience.created", "experience.published",
                           "experience.unpublished", "experience.updated", "experience.deleted"]


def test_an_unfinished_item_is_refused_with_a_message(app, client, admin, db):
    user, asker = admin
    open_consultation = consultation_in_phase(asker, "open")
    closed_not_concluded = consultation_in_phase(asker, "closed")
    open_survey = survey_in_state(asker, "open")
    open_vote = create_vote(asker)
    token = csrf_from(client.get("/konto/").get_data(as_text=True))
    for kind, item in (("consultation", open_consultation),
                       ("consultation", closed_not_concluded), ("survey", open_survey),
                       ("vote", open_vote)):
        url = f"/asker/admin/erfaringer/ny/{kind}/{item.id}"
        page = client.get(url + "?lang=en", follow_redirects=True).get_data(as_text=True)
        assert "An experience can only be written about a concluded consultation, a closed " \
               "vote or a closed survey." in page
        response = client.post(url, data={**complete_form(), "csrf_token": token})
        assert response.headers["Location"].endswith("/asker/admin/erfaringer/")
        with app.test_request_context("/?lang=en"), pytest.raises(ExperienceError) as refused:
            services.create_experience(item, user, asker, ITEM_KINDS[kind], {
                **complete_form(), "participants": 1, "sdgs": [11]})
        assert "can only be written once" in str(refused.value)
    assert count(db) == 0 and actions(db) == []


def test_one_experience_per_item(client, admin, db):
    _, asker = admin
    survey = finished_item(asker, "survey")
    first = make_experience(asker, survey, "survey", published=False)
    response = client.get(f"/asker/admin/erfaringer/ny/survey/{survey.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/asker/admin/erfaringer/{first.id}")
    assert count(db) == 1


@pytest.mark.parametrize("changes, field", [
    ({"title_nb": "", "asked_nb": "", "outcome_nb": "", "differently_nb": ""}, "title_nb"),
    ({"outcome_nb": ""}, "outcome_nb"),
    ({"title_nn": "Berre ein tittel"}, "asked_nn"),
    ({"participants": "-3"}, "participants"),
    ({"theme": "ukjent"}, "theme"),
    ({"sdgs": ["18"]}, "sdgs"),
])
def test_incomplete_or_wrong_input_writes_nothing(client, admin, db, changes, field):
    _, asker = admin
    consultation = finished_item(asker, "consultation")
    url = f"/asker/admin/erfaringer/ny/consultation/{consultation.id}"
    response = submit(client, url, complete_form(**changes))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "error-summary" in html and f'href="#{field}"' in html
    assert count(db) == 0 and actions(db) == []


def test_nynorsk_alone_is_enough_and_bokmal_readers_see_it_marked(client, admin, db):
    _, asker = admin
    consultation = finished_item(asker, "consultation")
    data = complete_form(title_nb="", asked_nb="", outcome_nb="", differently_nb="",
                         title_nn="Korleis vi fekk fleire svar", asked_nn="Kva meiner du?",
                         outcome_nn="Kommunestyret bygde skulen.")
    assert submit(client, f"/asker/admin/erfaringer/ny/consultation/{consultation.id}",
                  data).status_code == 302
    experience = db.session.scalar(select(Experience))
    experience.published_at = experience.created_at
    db.session.commit()
    html = client.get(f"/asker/erfaringer/{experience.id}?lang=nb").get_data(as_text=True)
    assert '<h1 id="experience-title" lang="nn">Korleis vi fekk fleire svar</h1>' in html
    assert '<p lang="nn">Kommunestyret bygde skulen.</p>' in html


def test_the_network_list_filters_by_theme_goal_and_municipality(client, db, make_municipality):
    asker = make_municipality("Asker")
    voss = make_municipality("Voss")
    make_experience(asker, finished_item(asker, "consultation"), title_nb="Asker mobilitet",
                    theme="mobilitet", sdgs=(11,))
    make_experience(voss, finished_item(voss, "survey"), "survey", title_nb="Voss data",
                    theme="apne-data", sdgs=(9,))
    make_experience(voss, finished_item(voss, "vote"), "vote", title_nb="Voss utkast",
                    published=False)

    def titles(query=""):
        html = client.get("/erfaringer/" + query).get_data(as_text=True)
        return {t for t in ("Asker mobilitet", "Voss data", "Voss utkast") if t in html}

    assert titles() == {"Asker mobilitet", "Voss data"}
    assert titles("?tema=mobilitet") == {"Asker mobilitet"}
    assert titles("?mal=9") == {"Voss data"}
    assert titles("?kommune=voss") == {"Voss data"}
    assert titles("?tema=ukjent&mal=99&kommune=") == {"Asker mobilitet", "Voss data"}
    assert titles("?tema=mobilitet&kommune=voss") == set()


def test_the_network_list_is_paginated(client, db, make_municipality):
    asker = make_municipality("Asker")
    for n in range(23):
        item = finished_item(asker, "survey", title=f"Undersøkelse {n}")
        make_experience(asker, item, "survey", title_nb=f"Erfaring nummer {n:02d}")
    first = client.get("/erfaringer/").get_data(as_text=True)
    second = client.get("/erfaringer/?side=2").get_data(as_text=True)
    assert first.count("Erfaring nummer") == 20 and second.count("Erfaring nummer") == 3
    assert 'rel="next"' in first and 'rel="prev"' in second
