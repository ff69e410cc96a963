"""Copying what another member shares: structure and texts travel, nothing personal or made by
residents does; the copy is the copier's unpublished, unshared draft and credits its origin."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from app.consultations.models import Consultation, ConsultationAnswer
from app.core.audit import AuditEvent
from app.core.extensions import db
from app.sharing.models import NetworkCopy
from app.surveys.models import Survey, SurveyResponse, SurveyStatus, SurveyTextAnswer
from app.votes.models import Ballot, Vote
from tests.conftest import csrf_from
from tests.sharing.factories import (
    ANSWER_TEXT, CONTACT, FREE_TEXT, INVITEE, rich_consultation, rich_survey, rich_vote,
)


def credit_in(html: str) -> str:
    """The credit paragraph of a page ("" when there is none)."""
    found = re.search(r'<p class="credit">(.*?)</p>', html, re.S)
    return found.group(1) if found else ""


def copy(client, slug: str, kind: str, item_id: int):
    """Open the preview, then press its copy button."""
    page = client.get(f"/{slug}/admin/fra-nettverket/{kind}/{item_id}")
    assert page.status_code == 200
    return client.post(f"/{slug}/admin/fra-nettverket/{kind}/{item_id}/kopier",
                       data={"csrf_token": csrf_from(page.get_data(as_text=True))})


def newest(model):
    return db.session.scalar(select(model).order_by(model.id.desc()))


def test_a_consultation_copy_takes_texts_and_questions_and_nothing_personal(
        client, auth, world):
    source = rich_consultation(world.asker, world.asker_admin, world.resident)
    auth.login(world.voss_admin)
    response = copy(client, "voss", "horing", source.id)
    made = newest(Consultation)
    assert made.id != source.id
    assert response.headers["Location"].endswith(f"/voss/admin/horinger/{made.id}")
    assert made.municipality_id == world.voss.id and made.created_by_id == world.voss_admin.id
    assert (made.title_nb, made.title_nn) == (source.title_nb, source.title_nn)
    assert (made.summary_nn, made.body_nb) == (source.summary_nn, source.body_nb)
    assert [(q.text_nb, q.text_nn) for q in made.questions] == \
        [(q.text_nb, q.text_nn) for q in source.questions]
    assert (made.theme, made.sdgs, made.kind) == (source.theme, source.sdgs, source.kind)
    # nothing personal, nothing residents made, nothing the origin decided or stored
    assert made.published_at is None and made.shared_at is None
    assert made.answers == [] and made.invitees == [] and made.documents == []
    assert (made.contact_name, made.contact_email, made.contact_phone) == (None, None, None)
    assert (made.conclusion_nb, made.conclusion_nn, made.concluded_at) == (None, None, None)
    assert made.opens_at > source.closes_at and made.closes_at > made.opens_at
    assert db.session.scalar(select(func.count(ConsultationAnswer.id))
                             .where(ConsultationAnswer.consultation_id == made.id)) == 0
    admin_page = client.get(f"/voss/admin/horinger/{made.id}").get_data(as_text=True)
    for secret in (CONTACT[0], CONTACT[1], INVITEE[0], INVITEE[1], ANSWER_TEXT, "vedlegg.pdf",
                   "reguleringsplan.pdf"):
        assert secret not in admin_page


def test_a_vote_copy_takes_rules_and_projects_but_no_ballots_images_or_places(
        client, auth, world):
    source = rich_vote(world.asker, world.asker_admin, world.resident)
    auth.login(world.voss_admin)
    response = copy(client, "voss", "avstemning", source.id)
    made = newest(Vote)
    assert response.headers["Location"].endswith(f"/voss/admin/avstemninger/{made.id}")
    assert made.municipality_id == world.voss.id and made.created_by_id == world.voss_admin.id
    assert (made.title, made.description, made.method, made.budget) == \
        (source.title, source.description, source.method, source.budget)
    assert (made.theme, made.sdgs) == ("mobilitet", [11, 13])
    assert [(p.title, p.cost, p.theme, p.sdgs) for p in made.projects] == \
        [(p.title, p.cost, p.theme, p.sdgs) for p in source.projects]
    assert all(p.municipality_id == world.voss.id for p in made.projects)
    assert all(p.image_id is None and p.place is None for p in made.projects)
    assert made.published_at is None and made.shared_at is None
    assert db.session.scalar(select(func.count(Ballot.id)).where(Ballot.vote_id == made.id)) == 0
    assert made.opens_at > source.closes_at


def test_a_survey_copy_takes_sections_questions_and_options_but_no_responses(
        client, auth, world):
    source = rich_survey(world.asker, world.resident)
    auth.login(world.voss_admin)
    response = copy(client, "voss", "undersokelse", source.id)
    made = newest(Survey)
    assert response.headers["Location"].endswith(f"/voss/admin/undersokelser/{made.id}/")
    assert made.municipality_id == world.voss.id and made.created_by_id == world.voss_admin.id
    assert made.status is SurveyStatus.draft and made.shared_at is None
    assert made.embed_token != source.embed_token
    assert (made.title_nb, made.title_nn, made.intro_nn) == \
        (source.title_nb, source.title_nn, source.intro_nn)
    assert (made.theme, made.sdgs, made.languages) == ("mobilitet", [3, 11], source.languages)
    shape = [[(q.type, q.text_nb, q.text_nn, q.required, q.min_value, q.max_value,
               [(o.label_nb, o.label_nn) for o in q.options]) for q in s.questions]
             for s in made.sections]
    assert shape == [[(q.type, q.text_nb, q.text_nn, q.required, q.min_value, q.max_value,
                       [(o.label_nb, o.label_nn) for o in q.options]) for q in s.questions]
                     for s in source.sections]
    assert all(q.municipality_id == world.voss.id and q.survey_id == made.id
               for q in made.questions)
    assert all(o.municipality_id == world.voss.id for q in made.questions for o in q.options)
    assert db.session.scalar(select(func.count(SurveyResponse.id))
                             .where(SurveyResponse.survey_id == made.id)) == 0
    text_answers = db.session.scalars(select(SurveyTextAnswer.body).where(
        SurveyTextAnswer.municipality_id == world.voss.id)).all()
    assert FREE_TEXT not in text_answers
    assert (made.opens_at, made.closes_at) == (None, None)


def test_the_copy_is_recorded_audited_and_credits_its_origin(client, auth, world):
    source = rich_vote(world.asker, world.asker_admin, world.resident, title="Lys i parken")
    auth.login(world.voss_admin)
    copy(client, "voss", "avstemning", source.id)
    made = newest(Vote)
    record = db.session.scalar(select(NetworkCopy))
    assert (record.kind, record.source_id, record.copy_id, record.municipality_id,
            record.source_municipality_id, record.copied_by_id, record.source_title) == \
        ("vote", source.id, made.id, world.voss.id, world.asker.id, world.voss_admin.id,
         "Lys i parken")
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"vote.copied", "network.copied"} <= actions
    # the copy's admin page credits the origin, with a link while the origin is published
    admin_page = client.get(f"/voss/admin/avstemninger/{made.id}?lang=nb").get_data(as_text=True)
    assert credit_in(admin_page) and "Asker" in credit_in(admin_page)
    assert f'href="/asker/avstemninger/{source.id}"' in credit_in(admin_page)
    # once the copy is published, its public page says so too
    made.published_at = made.opens_at
    db.session.commit()
    public = client.get(f"/voss/avstemninger/{made.id}?lang=nb").get_data(as_text=True)
    assert f'href="/asker/avstemninger/{source.id}"' in credit_in(public)
    # an origin no longer published is credited without a link
    source.published_at = None
    db.session.commit()
    public = client.get(f"/voss/avstemninger/{made.id}?lang=nb").get_data(as_text=True)
    assert "Lys i parken" in credit_in(public) and "href" not in credit_in(public)


def test_the_origin_sees_how_often_and_by_whom_it_was_reused(client, auth, world,
                                                             make_municipality, make_user):
    source = rich_survey(world.asker, world.resident)
    bergen = make_municipality("Bergen")
    bergen_admin = make_user(role="admin", municipality=bergen)
    for admin, slug in ((world.voss_admin, "voss"), (bergen_admin, "bergen")):
        auth.login(admin)
        copy(client, slug, "undersokelse", source.id)
        auth.logout()
    auth.login(world.asker_admin)
    page = client.get(f"/asker/admin/undersokelser/{source.id}/?lang=nb").get_data(as_text=True)
    reuses = re.search(r'<ul class="reuses">(.*?)</ul>', page, re.S).group(1)
    assert reuses.count("<li>") == 2 and "Voss" in reuses and "Bergen" in reuses


def test_credit_on_a_copied_consultation_public_page(client, auth, world):
    source = rich_consultation(world.asker, world.asker_admin, world.resident, phase="open")
    auth.login(world.voss_admin)
    copy(client, "voss", "horing", source.id)
    made = newest(Consultation)
    page = client.get(f"/voss/admin/horinger/{made.id}?lang=nn").get_data(as_text=True)
    credit = credit_in(page)
    assert "Asker" in credit and f'href="/asker/horinger/{source.id}"' in credit
    assert f"«{source.title_nn}»" in credit  # in the reader's written form
    assert credit_in(client.get(f"/asker/admin/horinger/{source.id}").get_data(as_text=True)) == ""


def test_the_services_refuse_own_and_unshared_items(app, world):
    from app.sharing.services import SharingError, copy_item

    unshared = rich_vote(world.asker, world.asker_admin, world.resident, shared=False)
    own = rich_vote(world.voss, world.voss_admin, world.resident)
    for source in (unshared, own):
        with app.test_request_context():
            try:
                copy_item(source, world.voss_admin, world.voss)
            except SharingError:
                db.session.rollback()
            else:
                raise AssertionError("copied what may not be copied")
    assert db.session.scalar(select(func.count(NetworkCopy.id))) == 0


def test_a_plan_copy_keeps_six_weeks_and_opens_in_the_morning(client, auth, world):
    from app.core.clock import add_weeks_oslo, to_oslo

    source = rich_consultation(world.asker, world.asker_admin, world.resident, phase="open",
                               kind="plan", short_period_reason="Hastesak")
    auth.login(world.voss_admin)
    copy(client, "voss", "horing", source.id)
    made = newest(Consultation)
    assert made.short_period_reason is None
    assert (to_oslo(made.opens_at).hour, to_oslo(made.opens_at).minute) == (9, 0)
    assert made.closes_at >= add_weeks_oslo(made.opens_at, 6)


def test_the_credit_escapes_the_title(client, auth, world):
    source = rich_vote(world.asker, world.asker_admin, world.resident,
                       title="<b>Fet</b> & farlig")
    auth.login(world.voss_admin)
    copy(client, "voss", "avstemning", source.id)
    credit = credit_in(client.get(f"/voss/admin/avstemninger/{newest(Vote).id}")
                       .get_data(as_text=True))
    assert "&lt;b&gt;Fet&lt;/b&gt; &amp; farlig" in credit and "<b>" not in credit
