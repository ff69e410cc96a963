"""Uploads are judged by content, re-encoded without metadata, and served safely."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from app.accounts.models import Role
from app.files.services import UploadError, read_bytes, save_document, save_image
from tests.files.factories import docx_bytes, odt_bytes, pdf_bytes, upload


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "KameraMerke"  # Make
    exif[0x010E] = "Tatt hjemme i Storgata 1"  # ImageDescription
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _english(app):
    """Messages are asserted in English."""
    with app.test_request_context("/?lang=en"):
        yield








def test_image_is_reencoded_without_metadata(app, db, make_municipality, make_user):
    municipality = make_municipality()
    original = jpeg_with_gps()
    assert b"KameraMerke" in original
    stored = save_image(upload(original, "../../etc/ferie.jpeg"), municipality, make_user(),
                        "Rød flate")
    data = read_bytes(stored)
    assert b"KameraMerke" not in data and b"Storgata" not in data
    assert not Image.open(io.BytesIO(data)).getexif()
    assert (stored.width, stored.height, stored.content_type) == (64, 48, "image/jpeg")
    assert stored.filename == "ferie.jpg"


@pytest.mark.parametrize("data,name,message", [
    (b"MZ\x90\x00" + b"\x00" * 100, "bilde.jpg", "not an image"),
    (b"", "tom.png", "empty"),
])
def test_bad_images_are_refused(app, db, make_municipality, data, name, message):
    with pytest.raises(UploadError, match=message):
        save_image(upload(data, name), make_municipality(), None, "alt")


def test_image_needs_alt_text_and_size_limit(app, db, make_municipality, monkeypatch):
    municipality = make_municipality()
    with pytest.raises(UploadError, match="alternative text"):
        save_image(upload(jpeg_with_gps(), "a.jpg"), municipality, None, "  ")
    monkeypatch.setattr("app.files.services.IMAGE_MAX_BYTES", 100)
    with pytest.raises(UploadError, match="larger than"):
        save_image(upload(jpeg_with_gps(), "a.jpg"), municipality, None, "alt")


@pytest.mark.parametrize("data,kind", [(pdf_bytes(), "pdf"), (docx_bytes(), "docx"),
                                       (odt_bytes(), "odt")])
def test_documents_are_recognised_by_content(app, db, make_municipality, data, kind):
    stored = save_document(upload(data, "Høringsnotat.bin"), make_municipality(), None)
    assert stored.filename == f"Høringsnotat.{kind}"


@pytest.mark.parametrize("data", [
    b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200,   # a Windows executable renamed to .pdf
    b"\x7fELF\x02\x01\x01" + b"\x00" * 200,           # a Linux executable
    b"PK\x03\x04 not really a zip",
])
def test_renamed_executables_are_refused(app, db, make_municipality, data):
    with pytest.raises(UploadError, match="Only PDF"):
        save_document(upload(data, "plan.pdf"), make_municipality(), None)


def test_download_permissions(app, client, db, auth, make_municipality, make_user):
    municipality = make_municipality("Filby")
    uploader = make_user()
    private = save_document(upload(pdf_bytes(), "svar.pdf"), municipality, uploader)
    public = save_document(upload(pdf_bytes(), "plan.pdf"), municipality, uploader, public=True)
    db.session.commit()
    private_url, public_url = f"/filby/filer/{private.id}", f"/filby/filer/{public.id}"

    response = client.get(public_url)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.data == pdf_bytes()

    assert client.get(private_url).status_code == 404
    auth.login(make_user(role=Role.resident, municipality=municipality))
    assert client.get(private_url).status_code == 404
    auth.logout()
    auth.login(make_user(role=Role.moderator, municipality=municipality))
    assert client.get(private_url).status_code == 200
    auth.logout()
    auth.login(uploader)
    assert client.get(private_url).status_code == 200
