"""Machine drafts of the other written form (issue 15): drafting, review, publishing, notes."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.consultations import machine_drafts
from app.consultations.models import Consultation, ConsultationQuestion
from app.core.audit import AuditEvent
from app.core.drafting import DraftError
from app.core.extensions import db as _db
from app.core.translation import Apertium
from tests.conftest import csrf_from, require, submit


@pytest.fixture
def apertium(app):
    require(Apertium().pairs() >= {("nb", "nn"), ("nn", "nb")},
            "Debian's apertium and apertium-nno-nob are not installed")


@pytest.fixture
def setting(make_municipality, make_user, make_consultation, auth):
    municipality = make_municipality("Planby")
    admin = make_user(role="admin", municipality=municipality)
    consultation = make_consultation(municipality, published=False,
                                     title_nb="Vi ønsker innspill fra deg",
                                     questions=["Hva ønsker du fra kommunen?"])
    consultation.body_nb = ("Les [planen](https://planby.kommune.no/plan?a=1&b=2) og si fra.\n\n"
                            "- Vi ønsker svar\n- **Fra alle**")
    consultation.summary_nb = "Kommunen ønsker å høre fra innbyggerne."
    consultation.summary_nn = "Eigen tekst på nynorsk."
    _db.session.commit()
    auth.login(admin)
    return municipality, admin, consultation


def _edit(consultation) -> str:
    return f"/planby/admin/horinger/{consultation.id}"


def _draft(client, consultation, **data):
    return submit(client, _edit(consultation) + "/maskinutkast", data,
                  form_url=_edit(consultation) + "?lang=nb")


def _review(client, consultation, **data):
    return submit(client, _edit(consultation) + "/maskinutkast/gjennomlest", data,
                  form_url=_edit(consultation) + "?lang=nb")


def _actions(consultation) -> list[str]:
    return list(_db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.action.like("consultation.%"), AuditEvent.object_id == consultation.id)
        .order_by(AuditEvent.id)))


def test_the_draft_fills_the_empty_nynorsk_fields_and_leaves_the_others(
        client, apertium, setting):
    consultation = setting[2]
    page = client.get(_edit(consultation) + "?lang=en").get_data(as_text=True)
    assert "Make a draft in nynorsk" in page
    response = _draft(client, consultation)
    assert response.status_code == 302
    _db.session.expire_all()
    consultation = _db.session.get(Consultation, consultation.id)
    assert "ønskjer" in consultation.title_nn and "frå" in consultation.title_nn
    assert consultation.summary_nn == "Eigen tekst på nynorsk."  # filled: left alone
    assert "ønskjer" in consultation.questions[0].text_nn
    assert consultation.machine_drafted == "nn" and consultation.needs_review
    # Markdown and the link's address survive the engine.
    body = consultation.body_nn
    assert "](https://planby.kommune.no/plan?a=1&b=2)" in body
    assert body.count("\n- ") == 2 and "**Frå alle**" in body
    assert "consultation.machine_drafted" in _actions(consultation)
    page = client.get(_edit(consultation) + "?lang=en").get_data(as_text=True)
    assert "The nynorsk text is a machine draft. Read it through and correct it before you " \
        "publish." in page


def test_publishing_is_refused_until_the_draft_is_reviewed(client, apertium, setting):
    admin, consultation = setting[1], setting[2]
    _draft(client, consultation)
    response = submit(client, _edit(consultation) + "/publiser", {},
                      form_url=_edit(consultation) + "?lang=nb", follow_redirects=True)
    assert "Les gjennom den maskinoversatte teksten" in response.get_data(as_text=True)
    _db.session.expire_all()
    assert _db.session.get(Consultation, consultation.id).published_at is None

    refused = _review(client, consultation)  # the box not ticked
    assert refused.status_code == 302
    _db.session.expire_all()
    assert _db.session.get(Consultation, consultation.id).needs_review

    _review(client, consultation, confirmed="y")
    _db.session.expire_all()
    consultation = _db.session.get(Consultation, consultation.id)
    assert not consultation.needs_review
    assert consultation.draft_reviewed_by_id == admin.id and consultation.draft_reviewed_at
    event = _db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "consultation.draft_reviewed"))
    assert event is not None and event.actor_id == admin.id
    page = client.get(_edit(consultation) + "?lang=nb").get_data(as_text=True)
    assert admin.display_name in page

    # Correcting the draft by hand keeps the review; a new machine draft needs a new one.
    consultation.title_nn = "Vi ønskjer innspel frå deg, ver så snill"
    _db.session.commit()
    assert not consultation.needs_review
    submit(client, _edit(consultation) + "/publiser", {}, form_url=_edit(consultation))
    _db.session.expire_all()
    assert _db.session.get(Consultation, consultation.id).published_at is not None


def test_a_new_draft_clears_the_review_and_replace_needs_an_unreviewed_draft(
        app, apertium, setting):
    admin, consultation = setting[1], setting[2]
    with app.test_request_context():
        with pytest.raises(DraftError):  # no draft yet: nothing to replace
            machine_drafts.make_machine_draft(consultation, admin, replace=True)
        machine_drafts.make_machine_draft(consultation, admin)
        consultation.title_nn = "Retta for hand"
        machine_drafts.make_machine_draft(consultation, admin, replace=True)
        assert "ønskjer" in consultation.title_nn and consultation.needs_review
        # replace translates every text again, also those written by hand (the form says so)
        assert "frå innbyggjarane" in consultation.summary_nn
        machine_drafts.confirm_review(consultation, admin)
        with pytest.raises(DraftError):  # reviewed: a replace would undo the review's work
            machine_drafts.make_machine_draft(consultation, admin, replace=True)
        consultation.questions.append(ConsultationQuestion(position=1, text_nb="Noe mer fra deg?"))
        assert machine_drafts.draft_source(consultation) == "nb"
        machine_drafts.make_machine_draft(consultation, admin)
        assert consultation.needs_review and consultation.questions[1].text_nn


def test_a_nynorsk_text_is_drafted_in_bokmal(client, apertium, make_municipality, make_user,
                                             make_consultation, auth):
    municipality = make_municipality("Planby")
    auth.login(make_user(role="admin", municipality=municipality))
    consultation = make_consultation(municipality, published=False, title_nb=None,
                                     title_nn="Vi ønskjer innspel frå deg")
    assert "Make a draft in bokmål" in client.get(_edit(consultation) + "?lang=en").get_data(
        as_text=True)
    _draft(client, consultation)
    _db.session.expire_all()
    consultation = _db.session.get(Consultation, consultation.id)
    assert consultation.title_nb == "Vi ønsker innspill fra deg"
    assert consultation.machine_drafted == "nb"


def test_both_forms_filled_explains_and_refuses(client, apertium, make_municipality, make_user,
                                                make_consultation, auth):
    municipality = make_municipality("Planby")
    auth.login(make_user(role="admin", municipality=municipality))
    consultation = make_consultation(municipality, published=False, title_nn="Ny skule")
    page = client.get(_edit(consultation) + "?lang=en").get_data(as_text=True)
    assert "Make a draft in" not in page and "Now both written forms are filled in" in page
    response = _draft(client, consultation)
    assert response.status_code == 302
    _db.session.expire_all()
    assert _db.session.get(Consultation, consultation.id).machine_drafted is None


def test_engine_off_hides_the_button_and_refuses_the_post(app, client, setting, monkeypatch):
    monkeypatch.setitem(app.config, "TRANSLATION_ENGINE", "")
    consultation = setting[2]
    page = client.get(_edit(consultation) + "?lang=en").get_data(as_text=True)
    assert "Make a draft in" not in page and "Draft the other written form" not in page
    response = _draft(client, consultation)
    assert response.status_code == 302 and response.location.endswith(_edit(consultation))
    flashed = client.get(response.location + "?lang=nb").get_data(as_text=True)
    assert "Maskinoversettelse er ikke tilgjengelig" in flashed
    _db.session.expire_all()
    assert _db.session.get(Consultation, consultation.id).title_nn is None


def test_a_published_consultation_is_not_drafted(app, setting):
    admin, consultation = setting[1], setting[2]
    consultation.published_at = consultation.opens_at
    with app.test_request_context():
        assert not machine_drafts.can_draft(consultation)
        with pytest.raises(DraftError):
            machine_drafts.make_machine_draft(consultation, admin)


def test_the_public_page_notes_the_reviewed_machine_text(client, apertium, setting):
    admin, consultation = setting[1], setting[2]
    _draft(client, consultation)
    _review(client, consultation, confirmed="y")
    submit(client, _edit(consultation) + "/publiser", {}, form_url=_edit(consultation))
    nynorsk = client.get(f"/planby/horinger/{consultation.id}?lang=nn").get_data(as_text=True)
    assert 'class="muted machine-note"' in nynorsk
    # (with the nn catalogue: "Teksten er maskinomsett frå bokmål og lesen gjennom av kommunen")
    bokmal = client.get(f"/planby/horinger/{consultation.id}?lang=nb").get_data(as_text=True)
    assert "machine-note" not in bokmal  # the reader sees the original
    setting[0].default_locale = "nn"  # an English reader gets the municipality's form
    _db.session.commit()
    english = client.get(f"/planby/horinger/{consultation.id}?lang=en").get_data(as_text=True)
    assert "The text is machine-translated from bokmål and read through by the municipality." \
        in english


@pytest.mark.parametrize("role, status", [("resident", 403), ("moderator", 403),
                                          ("other_admin", 403)])
def test_only_the_municipalitys_admins_draft_and_review(client, make_municipality, make_user,
                                                        make_consultation, auth, role, status):
    municipality = make_municipality("Planby")
    other = make_municipality("Annenby")
    consultation = make_consultation(municipality, published=False)
    if role == "other_admin":
        user = make_user(role="admin", municipality=other)
    else:
        user = make_user(role=role, municipality=municipality)
    auth.login(user)
    token = csrf_from(client.get("/konto/").get_data(as_text=True))
    for path in ("/maskinutkast", "/maskinutkast/gjennomlest"):
        response = client.post(_edit(consultation) + path,
                               data={"csrf_token": token, "confirmed": "y"})
        assert response.status_code == status
    _db.session.expire_all()
    assert _db.session.get(Consultation, consultation.id).machine_drafted is None


def test_a_copy_keeps_the_machine_mark_and_needs_its_own_review(app, make_municipality,
                                                                 make_user, make_consultation):
    from app.consultations.admin_services import copy_consultation
    source = make_consultation(make_municipality("Planby"), title_nn="Ny skule",
                               machine_drafted="nn")
    source.draft_reviewed_at = source.opens_at
    _db.session.commit()
    other = make_municipality("Annenby")
    with app.test_request_context():
        copy = copy_consultation(source, make_user(role="admin", municipality=other), other)
        assert copy.machine_drafted == "nn" and copy.needs_review
