"""The municipality's privacy notice (/<k>/personvern) and the note that links it before a first
contribution."""
from __future__ import annotations

from app.accounts.models import Role
from app.core.extensions import db
from app.municipalities.models import Malform
from tests.consultations.factories import make_consultation
from tests.ideas.factories import create_idea
from tests.surveys.factories import build_survey


def test_the_notice_has_good_default_wording(client, make_municipality):
    make_municipality("Hamar", official_name="Hamar kommune")
    html = client.get("/hamar/personvern?lang=en").get_data(as_text=True)
    assert "The controller is Hamar kommune." in html
    assert "6(1)(e)" in html and "consent" in html
    assert "has not set a shorter period" in html
    assert "data protection officer" in html  # no contact set
    assert "Datatilsynet" in html and "17(3)(b)" in html
    assert 'href="/konto/mine-data"' in html and 'href="/konto/slett"' in html


def test_the_notice_shows_the_municipalitys_own_settings_in_the_readers_written_form(
        client, make_municipality):
    make_municipality("Voss", malform=Malform.nynorsk, privacy_controller="Voss herad",
                      privacy_contact="personvern@voss.kommune.no", retention_days=180,
                      privacy_notice_nb="Vi lagrer *lite*.",
                      privacy_notice_nn="Vi lagrar *lite*. <script>alert(1)</script>")
    nynorsk = client.get("/voss/personvern?lang=nn").get_data(as_text=True)
    assert '<div class="privacy-own-text" lang="nn">' in nynorsk
    assert "Vi lagrar <em>lite</em>" in nynorsk and "<script>alert" not in nynorsk
    bokmal = client.get("/voss/personvern?lang=nb").get_data(as_text=True)
    assert "Vi lagrer <em>lite</em>" in bokmal
    english = client.get("/voss/personvern?lang=en").get_data(as_text=True)
    assert "The controller is Voss herad." in english
    assert "removed 180 days after it closes" in english
    assert 'href="mailto:personvern@voss.kommune.no"' in english


def test_the_note_links_the_notice_before_a_first_contribution(client, auth, make_municipality,
                                                               make_user):
    hamar = make_municipality("Hamar")
    resident = make_user(role=Role.resident, municipality=hamar)
    idea = create_idea(hamar, resident)
    consultation = make_consultation(hamar)
    survey = build_survey(hamar)
    db.session.commit()
    link = 'href="/hamar/personvern"'
    assert link in client.get(f"/hamar/undersokelser/{survey.id}").get_data(as_text=True)
    auth.login(resident)
    for path in ("/hamar/ideer/ny", f"/hamar/ideer/{idea.id}",
                 f"/hamar/horinger/{consultation.id}/svar"):
        html = client.get(path).get_data(as_text=True)
        assert 'class="privacy-note' in html and link in html, path
