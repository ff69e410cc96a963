"""Submitting ideas: validation, sanitising, themes, goals, place, image, pre/post moderation."""
from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from app.core.audit import AuditEvent
from app.ideas.models import Idea, IdeaStatus, MunicipalTheme
from app.moderation.models import ModerationState
from app.municipalities.models import ModerationMode
from tests.conftest import mail_body, submit

GOOD = {"title": "Sykkelvei langs fjorden", "theme": "mobilitet",
        "body": "Vi trenger trygge sykkelveier langs fjorden, fra sentrum til skolen."}


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x8825] = {2: (59.0, 50.0, 0.0)}  # GPSInfo
    exif[0x010F] = "Kamera AS"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def resident(make_municipality, make_user):
    municipality = make_municipality("Asker")
    return municipality, make_user(role="resident", municipality=municipality)


def test_post_moderated_idea_is_published_at_once(client, auth, db, resident):
    municipality, user = resident
    auth.login(user)
    response = submit(client, "/asker/ideer/ny?lang=en", {**GOOD, "sdgs": ["11", "3"]})
    assert response.status_code == 302
    idea = db.session.scalar(select(Idea))
    assert response.headers["Location"].endswith(f"/asker/ideer/{idea.id}")
    assert idea.moderation_state is ModerationState.published and idea.status is IdeaStatus.published
    assert idea.sdgs == [3, 11] and idea.author_id == user.id
    page = client.get(f"/asker/ideer/{idea.id}?lang=en").get_data(as_text=True)
    assert "Sykkelvei langs fjorden" in page and "Sustainable cities and communities" in page
    assert "Submitted" in page  # the status history
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.object_type == "idea")) \
        == "idea.submitted"


def test_pre_moderated_idea_waits_and_mails_the_moderators(client, auth, db, outbox,
                                                           make_municipality, make_user):
    voss = make_municipality("Voss", moderation_mode=ModerationMode.pre)
    moderator = make_user(role="moderator", municipality=voss)
    make_user(role="moderator", municipality=make_municipality("Bergen"))  # not told
    user = make_user(role="resident", municipality=voss)
    auth.login(user)
    outbox.clear()
    response = submit(client, "/voss/ideer/ny?lang=en", GOOD)
    idea = db.session.scalar(select(Idea))
    assert idea.moderation_state is ModerationState.pending
    assert "will be published when a moderator" in client.get(
        response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert [m["To"] for m in outbox] == [moderator.email]
    assert "/voss/moderering/" in mail_body(outbox[0])
    # Not in the public list, and 404 for anyone but the author and the moderators.
    auth.logout()
    assert "Sykkelvei" not in client.get("/voss/ideer/").get_data(as_text=True)
    assert client.get(f"/voss/ideer/{idea.id}").status_code == 404


@pytest.mark.parametrize("data, message", [
    ({"title": ""}, "Give the idea a title."),
    ({"title": "x" * 121}, "The title must be 3 to 120 characters."),
    ({"body": "kort"}, "The description must be 20 to 5000 characters."),
    ({"theme": "finnes-ikke"}, "Choose a theme."),
    ({"sdgs": ["18"]}, "is not a valid choice"),
    ({"latitude": "59.9"}, "Give both latitude and longitude, or neither."),
    ({"latitude": "59.33", "longitude": "18.07"}, "The point is not in Norway."),
])
def test_invalid_input_is_refused_with_a_clear_message_and_nothing_saved(
        client, auth, db, resident, data, message):
    auth.login(resident[1])
    response = submit(client, "/asker/ideer/ny?lang=en", {**GOOD, **data})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Please correct the following" in html and message in html
    assert db.session.scalar(select(Idea)) is None


def test_description_is_sanitised_markdown_with_links(client, auth, db, resident):
    auth.login(resident[1])
    body = ("**Viktig**: se https://www.asker.kommune.no/plan og [kartet](https://kart.no).\n\n"
            "<script>alert(1)</script><img src=x onerror=alert(2)> [lenke](javascript:alert(3))\n\n"
            "# Overskrift")
    submit(client, "/asker/ideer/ny", {**GOOD, "body": body})
    html = db.session.scalar(select(Idea)).body_html
    assert "<strong>Viktig</strong>" in html
    assert '<a href="https://www.asker.kommune.no/plan" rel="nofollow ugc noopener noreferrer">' in html
    assert '<a href="https://kart.no"' in html
    for bad in ("<script", "onerror", "<img", "javascript:", "<h1"):
        assert bad not in html


def test_place_and_point_inside_norway_with_a_decimal_comma(client, auth, db, resident):
    auth.login(resident[1])
    submit(client, "/asker/ideer/ny", {**GOOD, "place_text": "Asker torg",
                                      "latitude": "59,8333", "longitude": "10.4333"})
    idea = db.session.scalar(select(Idea))
    assert (idea.place_text, idea.latitude, idea.longitude) == ("Asker torg", 59.8333, 10.4333)


def test_image_is_reencoded_without_metadata_and_needs_alt_text(client, auth, db, resident):
    auth.login(resident[1])
    photo = {"image": (io.BytesIO(jpeg_with_gps()), "bilde.jpg")}
    response = submit(client, "/asker/ideer/ny?lang=en", {**GOOD, **photo},
                      content_type="multipart/form-data")
    assert "Describe the image in a few words" in response.get_data(as_text=True)
    assert db.session.scalar(select(Idea)) is None
    photo = {"image": (io.BytesIO(jpeg_with_gps()), "bilde.jpg"), "image_alt": "Rød flate"}
    response = submit(client, "/asker/ideer/ny", {**GOOD, **photo},
                      content_type="multipart/form-data")
    assert response.status_code == 302
    idea = db.session.scalar(select(Idea))
    assert idea.image.alt_text == "Rød flate" and idea.image.is_public
    data = client.get(f"/asker/filer/{idea.image.id}").data
    assert not Image.open(io.BytesIO(data)).getexif()
    assert 'alt="Rød flate"' in client.get(f"/asker/ideer/{idea.id}").get_data(as_text=True)


def test_not_an_image_is_refused(client, auth, db, resident):
    auth.login(resident[1])
    response = submit(client, "/asker/ideer/ny?lang=en",
                      {**GOOD, "image": (io.BytesIO(b"MZ\x90\x00 not an image"), "bilde.png"),
                       "image_alt": "Noe"}, content_type="multipart/form-data")
    assert "not an image we can read" in response.get_data(as_text=True)
    assert db.session.scalar(select(Idea)) is None


def test_municipality_added_themes_are_offered_and_retired(client, auth, db, make_user, resident):
    municipality, user = resident
    admin = make_user(role="admin", municipality=municipality)
    auth.login(admin)
    submit(client, "/asker/ideer/temaer", {"name": "Fjordbyen"})
    theme = db.session.scalar(select(MunicipalTheme))
    response = submit(client, "/asker/ideer/temaer?lang=en", {"name": "fjordbyen"})
    assert "There is a theme with that name already." in response.get_data(as_text=True)
    auth.logout()
    auth.login(user)
    assert "Fjordbyen" in client.get("/asker/ideer/ny").get_data(as_text=True)
    submit(client, "/asker/ideer/ny", {**GOOD, "theme": theme.key})
    assert db.session.scalar(select(Idea)).theme == theme.key
    auth.logout()
    auth.login(admin)
    submit(client, f"/asker/ideer/temaer/{theme.id}/fjern", {}, form_url="/asker/ideer/temaer")
    assert "Fjordbyen" not in client.get("/asker/ideer/ny").get_data(as_text=True)
    # the idea keeps its theme's name
    assert "Fjordbyen" in client.get("/asker/ideer/").get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_log_in(client, resident):
    response = client.get("/asker/ideer/ny")
    assert response.status_code == 302 and "/konto/logg-inn" in response.headers["Location"]


@pytest.mark.parametrize("lang, goal_1, goal_2", [
    ("nb", "1. Utrydde fattigdom", "2. Utrydde sult"),
    ("nn", "1. Utrydde fattigdom", "2. Utrydde svolt"),
])
def test_goal_checkboxes_speak_the_pages_language(client, auth, resident, lang, goal_1, goal_2):
    auth.login(resident[1])
    html = client.get(f"/asker/ideer/ny?lang={lang}").get_data(as_text=True)
    assert goal_1 in html and goal_2 in html
    assert "No poverty" not in html and "Zero hunger" not in html
