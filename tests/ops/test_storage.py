"""Uploads behind one storage interface: the local folder fully, S3 against a real S3-compatible
server on loopback (moto's server), and the files area through either."""
from __future__ import annotations

import urllib.request

import pytest

from app.core.storage import LocalStorage, S3Storage, StorageError, get_storage
from app.files.services import delete_file, file_exists, read_bytes, save_document
from tests.files.factories import pdf_bytes, upload

BAD_KEYS = ["../etc/passwd", "/etc/passwd", "a/../../b", "", "a\\b", "a b", "a/\x00"]


@pytest.fixture
def local(tmp_path):
    return LocalStorage(tmp_path / "uploads")


def test_local_storage_saves_reads_and_deletes(local):
    local.save("7/abc.pdf", b"%PDF-1.4 x", "application/pdf")
    assert local.read("7/abc.pdf") == b"%PDF-1.4 x" and local.exists("7/abc.pdf")
    with local.open("7/abc.pdf") as handle:
        assert handle.read(4) == b"%PDF"
    local.save("7/abc.pdf", b"second", "application/pdf")
    assert local.read("7/abc.pdf") == b"second"
    assert [p.name for p in (local.root / "7").iterdir()] == ["abc.pdf"]  # no temporary left
    local.delete("7/abc.pdf")
    local.delete("7/abc.pdf")  # already gone: no error
    assert not local.exists("7/abc.pdf")
    with pytest.raises(FileNotFoundError):
        local.read("7/abc.pdf")
    assert local.url("7/abc.pdf") is None and local.describe() == {"backend": "local"}


@pytest.mark.parametrize("key", BAD_KEYS)
def test_storage_refuses_keys_outside_its_root(local, key):
    with pytest.raises(StorageError):
        local.save(key, b"x", "text/plain")
    with pytest.raises(StorageError):
        local.read(key)


def test_local_storage_serves_conditionally_and_in_ranges(app, local):
    local.save("1/a.pdf", b"0123456789", "application/pdf")
    with app.test_request_context(headers={"If-None-Match": '"abc"'}):
        assert local.serve("1/a.pdf", content_type="application/pdf", download_name="a.pdf",
                           etag="abc").status_code == 304
    with app.test_request_context(headers={"Range": "bytes=2-4"}):
        response = local.serve("1/a.pdf", content_type="application/pdf", download_name="a.pdf",
                               as_attachment=True, etag="abc")
        response.direct_passthrough = False
        assert response.status_code == 206 and response.get_data() == b"234"
        assert response.headers["Content-Disposition"].startswith("attachment")


def test_the_files_area_goes_through_the_storage(app, db, client, make_municipality, make_user):
    municipality = make_municipality()
    owner = make_user()
    with app.test_request_context():
        stored = save_document(upload(pdf_bytes(), "plan.pdf"), municipality, owner, public=True)
        db.session.commit()
        assert get_storage().read(stored.storage_key) == read_bytes(stored) == pdf_bytes()
    url = f"/{municipality.slug}/filer/{stored.id}"
    answer = client.get(url)
    assert answer.status_code == 200 and answer.data == pdf_bytes()
    assert answer.headers["ETag"] == f'"{stored.sha256}"'
    assert "sandbox" in answer.headers["Content-Security-Policy"]
    assert client.get(url, headers={"If-None-Match": f'"{stored.sha256}"'}).status_code == 304
    with app.test_request_context():
        get_storage().delete(stored.storage_key)
        assert not file_exists(stored)
    assert client.get(url).status_code == 404


# --- S3 ------------------------------------------------------------------------------------

@pytest.fixture
def s3_settings(s3_endpoint):
    import uuid

    import boto3

    bucket = f"tinget-{uuid.uuid4().hex[:12]}"
    settings = {"S3_BUCKET": bucket, "S3_ENDPOINT_URL": s3_endpoint, "S3_ACCESS_KEY_ID": "test",
                "S3_SECRET_ACCESS_KEY": "test", "S3_REGION": "us-east-1"}
    boto3.client("s3", endpoint_url=s3_endpoint, aws_access_key_id="test",
                 aws_secret_access_key="test", region_name="us-east-1").create_bucket(Bucket=bucket)
    return settings


def s3(settings) -> S3Storage:
    return S3Storage(settings["S3_BUCKET"], endpoint_url=settings["S3_ENDPOINT_URL"],
                     access_key_id="test", secret_access_key="test", region="us-east-1")


def test_s3_storage_saves_reads_serves_and_deletes(app, s3_settings):
    storage = s3(s3_settings)
    storage.save("3/x.png", b"\x89PNG data", "image/png")
    assert storage.exists("3/x.png") and storage.read("3/x.png") == b"\x89PNG data"
    with urllib.request.urlopen(storage.url("3/x.png", expires=60), timeout=10) as answer:
        assert answer.read() == b"\x89PNG data"
    with app.test_request_context(headers={"Range": "bytes=0-3"}):
        response = storage.serve("3/x.png", content_type="image/png", download_name="x.png",
                                 etag="e1")
        response.direct_passthrough = False
        assert response.status_code == 206 and response.get_data() == b"\x89PNG"
    storage.delete("3/x.png")
    assert not storage.exists("3/x.png")
    with pytest.raises(FileNotFoundError):
        storage.read("3/x.png")
    with pytest.raises(StorageError):
        storage.save("../x", b"", "text/plain")


def test_the_files_area_works_on_s3(app, db, client, monkeypatch, s3_settings, make_municipality,
                                    make_user, tmp_path):
    for name, value in s3_settings.items():
        monkeypatch.setitem(app.config, name, value)
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "not-used"))
    municipality = make_municipality()
    owner = make_user()
    with app.test_request_context():
        assert isinstance(get_storage(), S3Storage)
        stored = save_document(upload(pdf_bytes(), "plan.pdf"), municipality, owner, public=True)
        db.session.commit()
    assert not (tmp_path / "not-used").exists()  # nothing on this server's disk
    url = f"/{municipality.slug}/filer/{stored.id}"
    answer = client.get(url)
    assert answer.status_code == 200 and answer.data == pdf_bytes()
    assert answer.headers["Content-Disposition"].startswith("attachment")
    with app.test_request_context():
        delete_file(stored)
        db.session.commit()
        assert not s3(s3_settings).exists(stored.storage_key)
    assert client.get(url).status_code == 404
