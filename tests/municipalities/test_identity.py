"""The municipality's identity (issue 11): the contrast rule, the admin page (images re-encoded,
audited, all or nothing), who may change it, the stylesheet, and where it appears: pages, mails,
embedded surveys."""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.accounts.models import Role
from app.core.audit import AuditEvent
from app.files.models import StoredFile
from app.files.services import read_bytes
from app.ideas.models import IdeaStatus
from app.ideas.services import answer_idea
from app.municipalities.identity import (
    IdentityError, WHITE, accent_tokens, check_accent, contrast_ratio, parse_hex,
)
from app.municipalities.models import Municipality
from tests.accounts.factories import WHO, sign_in_as
from tests.conftest import csrf_from, mail_body, submit
from tests.ideas.factories import create_idea
from tests.municipalities.factories import (
    ACCENT, HEADER_ALT, WELCOME_NB, WELCOME_NN, picture, upload, with_identity,
)
from tests.surveys.factories import build_survey

#: ratio just under and just at the limit (computed with the WCAG 2.x formula)
JUST_UNDER = "#6262fc"  # 4.4948:1
JUST_AT = "#6a6ad8"  # 4.5006:1


@pytest.fixture
def asker(make_municipality):
    return make_municipality("Asker", embed_origins="https://www.asker.kommune.no")


@pytest.fixture
def admin(make_user, asker):
    return make_user(role=Role.admin, municipality=asker)


def _fresh(db, slug="asker") -> Municipality:
    db.session.expire_all()
    return db.session.scalar(select(Municipality).where(Municipality.slug == slug))


# --- the contrast rule ------------------------------------------------------------------------

@pytest.mark.parametrize("colour,ratio", [
    ("#ffffff", 1.0), ("#000000", 21.0), ("#767676", 4.54), ("#777777", 4.48),
    ("#0062ba", 6.08), (JUST_UNDER, 4.49), (JUST_AT, 4.50),
])
def test_contrast_ratios_follow_wcag(colour, ratio):
    assert contrast_ratio(parse_hex(colour), WHITE) == pytest.approx(ratio, abs=0.005)


def test_the_boundary_is_four_and_a_half(app):
    with app.test_request_context("/?lang=en"):
        with pytest.raises(IdentityError) as refused:
            check_accent(JUST_UNDER)
        assert "4.49:1" in str(refused.value) and refused.value.field == "accent_color"
        assert check_accent(JUST_AT) == JUST_AT
        assert check_accent("1A5E8A") == "#1a5e8a" and check_accent("") is None
        with pytest.raises(IdentityError):
            check_accent("blue; } body { display: none")


@pytest.mark.parametrize("colour", [JUST_AT, "#767676", ACCENT, "#00594f", "#8a1c2b", "#000000"])
def test_every_text_token_keeps_the_contrast_on_every_surface(colour):
    tokens = {name: parse_hex(value) for name, value in accent_tokens(colour).items()}
    grounds = [name for name in tokens if name.startswith(("background", "surface"))]
    for text in ("text-subtle", "text-default"):
        for ground in grounds:
            assert contrast_ratio(tokens[text], tokens[ground]) >= 4.5, (text, ground)
    for base in ("base-default", "base-hover", "base-active"):
        assert contrast_ratio(tokens[base], tokens["base-contrast-default"]) >= 4.5, base


# --- the admin page ---------------------------------------------------------------------------

def _form(**fields) -> dict:
    return {"accent_color": "", "logo_alt": "", "header_alt": "", "welcome_nb": "",
            "welcome_nn": "", **fields}


def test_admin_sets_the_identity_images_are_reencoded_and_it_is_audited(
        app, client, auth, db, asker, admin):
    auth.login(admin)
    response = submit(client, "/asker/admin/utseende/", _form(
        accent_color="#1A5E8A", welcome_nb=WELCOME_NB + "\r\n\r\nAndre avsnitt.",
        welcome_nn=WELCOME_NN, header_alt=HEADER_ALT,
        logo=upload(picture(exif=True, fmt="JPEG"), "logo.jpg"),
        header_image=upload(picture("JPEG", (1200, 400), exif=True), "fjord.jpg")),
        content_type="multipart/form-data")
    assert response.status_code == 302
    saved = _fresh(db)
    assert saved.accent_color == "#1a5e8a"
    assert saved.welcome_nb == WELCOME_NB + "\n\nAndre avsnitt."
    logo, header = (db.session.get(StoredFile, i) for i in (saved.logo_file_id, saved.header_image_id))
    assert logo.is_public and header.is_public and header.alt_text == HEADER_ALT
    for stored in (logo, header):
        assert not Image.open(io.BytesIO(read_bytes(stored))).getexif()  # EXIF and GPS gone
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "municipality.identity_changed"))
    assert event.actor_id == admin.id and event.after["accent_color"] == "#1a5e8a"
    assert event.before["logo_file_id"] is None and event.after["header_alt"] == HEADER_ALT
    # the page shows what is set; sent back unchanged, nothing changes and nothing is logged
    page = client.get("/asker/admin/utseende/").get_data(as_text=True)
    assert 'value="#1a5e8a"' in page and HEADER_ALT in page and "Andre avsnitt." in page
    again = submit(client, "/asker/admin/utseende/?lang=en", _form(
        accent_color="#1a5e8a", welcome_nb=saved.welcome_nb, welcome_nn=WELCOME_NN,
        header_alt=HEADER_ALT))
    assert again.status_code == 302
    assert "Nothing was changed" in client.get(again.location).get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "municipality.identity_changed")) == 1


@pytest.mark.parametrize("fields,message", [
    ({"accent_color": "#ffcc00"}, "contrast of 1.51:1 against white text"),
    ({"accent_color": JUST_UNDER}, "contrast of 4.49:1"),
    ({"accent_color": "grønn"}, "six hexadecimal digits"),
    ({"header_image": "text"}, "Describe the header image"),
    ({"logo": "text", "header_image": "image"}, "not an image we can read"),
])
def test_a_bad_setting_is_refused_and_nothing_is_written(client, auth, db, asker, admin, fields,
                                                         message):
    auth.login(admin)
    files = {"text": lambda n: upload(b"no picture here", f"{n}.png"),
             "image": lambda n: upload(picture(), f"{n}.png")}
    data = _form(accent_color=ACCENT, welcome_nb="Ny tekst", header_alt="")
    for name, value in fields.items():
        data[name] = files[value](name) if value in files else value
    if "header_image" in fields and fields["header_image"] == "image":
        data["header_alt"] = HEADER_ALT
    response = submit(client, "/asker/admin/utseende/?lang=en", data,
                      content_type="multipart/form-data")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html and "ds-error-summary" in html
    saved = _fresh(db)
    assert saved.accent_color is None and saved.welcome_nb is None
    assert saved.logo_file_id is None and saved.header_image_id is None
    assert db.session.scalar(select(func.count()).select_from(StoredFile)) == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "municipality.identity_changed")) == 0


def test_images_can_be_removed_and_are_no_longer_served(client, auth, db, asker, admin):
    with_identity(asker, admin)
    logo_id, header_id = asker.logo_file_id, asker.header_image_id
    assert client.get(f"/asker/filer/{logo_id}").status_code == 200
    auth.login(admin)
    response = submit(client, "/asker/admin/utseende/", _form(
        accent_color=ACCENT, remove_logo="y", remove_header="y"))
    assert response.status_code == 302
    saved = _fresh(db)
    assert saved.logo_file_id is None and saved.header_image_id is None
    auth.logout()
    assert client.get(f"/asker/filer/{logo_id}").status_code == 404
    assert client.get(f"/asker/filer/{header_id}").status_code == 404
    assert 'class="municipality-logo"' not in client.get("/asker/").get_data(as_text=True)


#: GET /<k>/admin/utseende/ by who visits
STATUS = {"anonymous": 302, "resident": 403, "moderator": 403, "admin": 200,
          "admin_elsewhere": 403, "network_admin": 403}


@pytest.mark.parametrize("who", WHO)
def test_only_the_municipalitys_admin_changes_the_identity(client, auth, db, make_user,
                                                           make_municipality, who):
    asker = make_municipality("Asker")
    sign_in_as(who, asker, auth=auth, make_user=make_user, make_municipality=make_municipality)
    assert client.get("/asker/admin/utseende/").status_code == STATUS[who]
    token = csrf_from(client.get("/konto/logg-inn" if who == "anonymous" else "/konto/")
                      .get_data(as_text=True))
    response = client.post("/asker/admin/utseende/", data={"csrf_token": token,
                                                           "accent_color": ACCENT})
    assert response.status_code == {"admin": 302}.get(who, STATUS[who])
    assert (_fresh(db).accent_color == ACCENT) is (who == "admin")


def test_the_settings_page_links_to_the_identity(client, auth, asker, admin):
    auth.login(admin)
    assert "/asker/admin/utseende/" in client.get("/asker/admin/").get_data(as_text=True)


# --- the stylesheet ---------------------------------------------------------------------------

def test_the_stylesheet_carries_the_colour_and_is_cached_by_version(client, db, asker,
                                                                    make_municipality):
    voss = make_municipality("Voss")
    with_identity(asker)
    with_identity(voss, accent="#8a1a2b")
    page = client.get("/asker/").get_data(as_text=True)
    href = re.search(r'href="(/asker/stil\.css\?v=[0-9a-f]+)"', page).group(1)
    response = client.get(href)
    css = response.get_data(as_text=True)
    assert response.mimetype == "text/css"
    assert "--ds-color-accent-base-default: #1a5e8a;" in css and "#8a1a2b" not in css
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]
    # an old or missing version: the current colour, kept only a short while
    stale = client.get("/asker/stil.css?v=0000")
    assert "#1a5e8a" in stale.get_data(as_text=True)
    assert "max-age=300" in stale.headers["Cache-Control"]
    assert "#8a1a2b" in client.get("/voss/stil.css").get_data(as_text=True)
    # the version changes with the colour
    asker.accent_color = "#2b4a1a"
    db.session.commit()
    assert href not in client.get("/asker/").get_data(as_text=True)


def test_without_a_colour_no_stylesheet_is_linked(client, asker):
    page = client.get("/asker/").get_data(as_text=True)
    assert "stil.css" not in page
    assert "--ds-color-accent" not in client.get("/asker/stil.css").get_data(as_text=True)


# --- where it appears -------------------------------------------------------------------------

def test_pages_show_the_logo_with_its_alt_text(client, asker):
    with_identity(asker)
    for path in ("/asker/", "/asker/ideer/"):
        html = client.get(path + "?lang=nb").get_data(as_text=True)
        assert re.search(r'<img class="municipality-logo" src="/asker/filer/\d+" '
                         r'alt="Asker kommune"', html), path


def _mail_about_an_answer(app, db, asker, admin, make_user, outbox):
    """The mail an idea's author gets when the municipality answers it."""
    author = make_user("forslag@example.no", municipality=asker)
    idea = create_idea(asker, author)
    with app.test_request_context():
        answer_idea(idea, admin, asker, IdeaStatus.under_consideration, "Vi ser på saken.")
        db.session.commit()
    [mail] = [m for m in outbox if m["To"] == "forslag@example.no"]
    return mail


def test_mail_from_the_municipality_names_it_and_carries_its_colour(app, db, asker, admin,
                                                                    make_user, outbox):
    with_identity(asker)
    mail = _mail_about_an_answer(app, db, asker, admin, make_user, outbox)
    assert mail["From"].addresses[0].display_name == "Asker kommune via Tinget"
    text = mail_body(mail).replace("\r\n", "\n")
    assert text.rstrip().endswith("-- \nAsker kommune\nhttp://localhost/asker/")
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "#1a5e8a" in html and 'alt="Asker kommune"' in html
    assert "<" not in text  # the text part is plain text


def test_mail_without_identity_has_the_name_and_no_html(app, db, asker, admin, make_user, outbox):
    mail = _mail_about_an_answer(app, db, asker, admin, make_user, outbox)
    assert "Asker kommune" in mail["From"] and not mail.is_multipart()


def test_the_embedded_survey_shows_the_logo_and_colour(client, asker):
    with_identity(asker)
    survey = build_survey(asker)
    html = client.get(f"/embed/undersokelse/{survey.embed_token}?lang=nb").get_data(as_text=True)
    assert 'class="municipality-logo"' in html and 'alt="Asker kommune"' in html
    assert "/asker/stil.css?v=" in html


def test_the_other_written_form_is_drafted_by_machine_and_saved_only_by_the_admin(
        client, auth, db, asker, admin):
    from app.core.translation import Apertium
    from tests.conftest import require

    require(("nb", "nn") in Apertium().pairs(), "Debian's apertium-nno-nob is not installed")
    auth.login(admin)
    response = submit(client, "/asker/admin/utseende/?lang=en", _form(
        welcome_nb="Velkommen til kommunen vår. Her kan du si din mening.", draft="y"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="machine-draft"' in html
    drafted = re.search(r'<textarea[^>]*name="welcome_nn"[^>]*>\s*([^<]+)</textarea>', html).group(1)
    assert "di meining" in drafted  # nynorsk
    assert _fresh(db).welcome_nn is None  # nothing saved until the admin saves
    both = submit(client, "/asker/admin/utseende/?lang=en", _form(
        welcome_nb="Hei", welcome_nn="Hei", draft="y"))
    assert "leave the other empty" in both.get_data(as_text=True)
