"""Decompression bombs: an image over IMAGE_MAX_PIXELS is refused from its header, before any
decoding, quickly and without memory, on the services and through the idea and vote forms."""
from __future__ import annotations

import io
import resource
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from app.files.models import StoredFile
from app.files.services import IMAGE_MAX_PIXELS, UploadError, save_image
from app.ideas.models import Idea
from app.votes.models import Project
from tests.conftest import submit
from tests.files.factories import gif_bomb, image_bytes, jpeg_bomb, png_bomb, webp_bomb
from tests.votes.factories import create_vote, hours

TOO_LARGE = "The image is too large"
#: what the app does in production (app.files registers it); pytest resets filters per test
pytestmark = pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")
BOMBS = {"png-13000x13000-rgba": png_bomb, "jpeg-9000x9000": jpeg_bomb,
         "webp-8000x8000": webp_bomb}


@pytest.fixture(autouse=True)
def _english(app):
    """Messages are asserted in English."""
    with app.test_request_context("/?lang=en"):
        yield


@contextmanager
def cost():
    """What the block cost: seconds, growth of the process's peak memory, and how many images
    Pillow allocated (decoding allocates one; reading a header allocates none)."""
    spent = {}
    peak, images = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, Image.core.get_stats()
    started = time.perf_counter()
    yield spent
    spent["seconds"] = time.perf_counter() - started
    spent["peak_growth_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024
    spent["images"] = Image.core.get_stats()["new_count"] - images["new_count"]


def upload(data: bytes, name: str) -> FileStorage:
    return FileStorage(io.BytesIO(data), name)


def stored_files(app) -> set[Path]:
    return {path for path in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if path.is_file()}


def assert_cheap(spent: dict) -> None:
    assert spent["images"] == 0, "the bomb was decoded"
    assert spent["peak_growth_mb"] < 50 and spent["seconds"] < 1, spent


@pytest.mark.parametrize("bomb", BOMBS.values(), ids=BOMBS.keys())
def test_bombs_are_refused_from_the_header(app, db, make_municipality, bomb):
    municipality, data, before = make_municipality(), bomb(), stored_files(app)
    assert len(data) < 1024 * 1024
    with cost() as spent, pytest.raises(UploadError, match=TOO_LARGE) as refused:
        save_image(upload(data, "bombe.bin"), municipality, None, "Et bilde")
    assert_cheap(spent)
    assert refused.value.field == "image" and "40 megapixels" in str(refused.value)
    assert db.session.scalar(select(StoredFile)) is None and stored_files(app) == before


@pytest.mark.parametrize("pillow_limit", [None, 10**12], ids=["pillow-guard-off", "pillow-lax"])
def test_the_pixel_limit_holds_without_pillows_guard(app, db, make_municipality, monkeypatch,
                                                     pillow_limit):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", pillow_limit)
    with cost() as spent, pytest.raises(UploadError, match=TOO_LARGE):
        save_image(upload(png_bomb(), "bombe.png"), make_municipality(), None, "Et bilde")
    assert_cheap(spent)


def test_pillows_warning_is_a_refusal(app, db, make_municipality, monkeypatch):
    """Pillow warns (and the app raises its warning) above Image.MAX_IMAGE_PIXELS, which the app
    sets to IMAGE_MAX_PIXELS; a lower Pillow limit shows the warning path on its own."""
    assert Image.MAX_IMAGE_PIXELS == app.config.get("IMAGE_MAX_PIXELS", IMAGE_MAX_PIXELS)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 500_000)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with pytest.raises(UploadError, match=TOO_LARGE) as refused:
            save_image(upload(image_bytes("PNG", (1000, 800)), "a.png"), make_municipality(),
                       None, "Et bilde")
    assert isinstance(refused.value.__cause__, Image.DecompressionBombWarning)


def test_formats_the_upload_does_not_accept_are_never_decoded(app, db, make_municipality):
    municipality, data = make_municipality(), gif_bomb()
    with cost() as spent, pytest.raises(UploadError, match="not an image we can read"):
        save_image(upload(data, "bombe.gif"), municipality, None, "Et bilde")
    assert_cheap(spent)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_animations_count_every_frame(app, db, make_municipality, monkeypatch, fmt):
    monkeypatch.setitem(app.config, "IMAGE_MAX_PIXELS", 1_000_000)
    municipality = make_municipality()
    one_frame = save_image(upload(image_bytes(fmt, (600, 600)), "en.img"), municipality, None,
                           "Et bilde")
    assert (one_frame.width, one_frame.height) == (600, 600)
    three_frames = image_bytes(fmt, (600, 600), frames=3)
    with cost() as spent, pytest.raises(UploadError, match=TOO_LARGE):
        save_image(upload(three_frames, "tre.img"), municipality, None, "Et bilde")
    assert spent["images"] == 0


@pytest.mark.parametrize("fmt,content_type", [("JPEG", "image/jpeg"), ("PNG", "image/png"),
                                              ("WEBP", "image/webp")])
def test_an_ordinary_photo_still_passes(app, db, make_municipality, fmt, content_type):
    stored = save_image(upload(image_bytes(fmt, (1000, 800)), "foto"), make_municipality(), None,
                        "Et bilde")
    assert (stored.width, stored.height, stored.content_type) == (1000, 800, content_type)


# --- through the real forms ---------------------------------------------------------------------

def test_the_idea_form_refuses_a_bomb_and_saves_nothing(app, db, client, auth, make_municipality,
                                                        make_user):
    asker = make_municipality("Asker")
    auth.login(make_user(role="resident", municipality=asker))
    before = stored_files(app)
    with cost() as spent:
        response = submit(client, "/asker/ideer/ny?lang=en", {
            "title": "Sykkelvei langs fjorden", "theme": "mobilitet",
            "body": "Vi trenger trygge sykkelveier langs fjorden, fra sentrum til skolen.",
            "image_alt": "Et kart", "image": (io.BytesIO(png_bomb()), "kart.png")},
            content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and f'id="image-error">{TOO_LARGE}' in html
    assert_cheap(spent)
    assert db.session.scalar(select(Idea)) is None and db.session.scalar(select(StoredFile)) is None
    assert stored_files(app) == before


def test_the_vote_project_form_refuses_a_bomb_and_saves_nothing(app, db, client, auth,
                                                                make_municipality, make_user):
    town = make_municipality("Stemmeby")
    vote = create_vote(town, projects=(), opens_at=hours(24), published=False)
    auth.login(make_user(role="admin", municipality=town))
    before = stored_files(app)
    with cost() as spent:
        response = submit(
            client, f"/stemmeby/admin/avstemninger/{vote.id}/prosjekter/ny?lang=en",
            {"title_nb": "Luftsensorer", "cost": "450 000", "alt_text": "En sensor",
             "image": (io.BytesIO(png_bomb()), "sensor.png")}, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and f'id="image-error">{TOO_LARGE}' in html
    assert_cheap(spent)
    assert db.session.scalar(select(Project)) is None
    assert db.session.scalar(select(StoredFile)) is None
    assert stored_files(app) == before
