"""Save and open uploaded files (the bytes go through app/core/storage.py: a folder or S3).

Images (JPEG, PNG, WebP, at most 5 MB and IMAGE_MAX_PIXELS pixels) are decoded and re-encoded
with Pillow, which drops EXIF/GPS and other metadata. The pixel count is read from the header and
checked before anything is decoded, so a small file that declares a huge picture (a
decompression bomb) is refused without costing memory. Documents (PDF, DOCX, ODT, at most
20 MB) are recognised by their content, never by their name, so a renamed executable is refused.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import unicodedata
import uuid
import zipfile
from pathlib import Path

from flask import Response, current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.storage import get_storage
from app.files.models import StoredFile

IMAGE_MAX_BYTES = 5 * 1024 * 1024
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
IMAGE_MAX_SIDE = 2400
#: default of the IMAGE_MAX_PIXELS setting: width x height (x frames) an image may declare
IMAGE_MAX_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"),
                 "WEBP": ("image/webp", "webp")}
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


class UploadError(ServiceError):
    """A file that cannot be accepted; the message is safe to show."""


def _read_limited(stream, limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise UploadError(_("The file is larger than %(mb)d MB.", mb=limit // (1024 * 1024)))
    if not data:
        raise UploadError(_("The file is empty."))
    return data


def safe_filename(name: str, fallback: str) -> str:
    """A display name without paths or control characters; keeps æøå."""
    name = unicodedata.normalize("NFC", os.path.basename((name or "").replace("\\", "/")))
    name = re.sub(r"[\x00-\x1f\x7f\"<>:|?*;]", "", name).strip(" .")
    return name[:200] or fallback


def _store(data: bytes, municipality, extension: str, content_type: str) -> str:
    key = f"{municipality.id}/{uuid.uuid4().hex}.{extension}"
    get_storage().save(key, data, content_type)
    return key


def pixel_limit() -> int:
    """The IMAGE_MAX_PIXELS setting: the most pixels (all frames together) an image may have."""
    return int(current_app.config.get("IMAGE_MAX_PIXELS", IMAGE_MAX_PIXELS))


def _unreadable() -> UploadError:
    return UploadError(_("The file is not an image we can read (JPEG, PNG or WebP)."), "image")


def _too_large(limit: int) -> UploadError:
    return UploadError(_("The image is too large: at most %(megapixels)d megapixels are accepted. "
                         "Make it smaller and try again.", megapixels=max(1, limit // 1_000_000)),
                       "image")


def _open_header(data: bytes, limit: int) -> Image.Image:
    """Open a JPEG, PNG or WebP reading only its header (nothing is decoded yet).

    Refuses other formats, and more than `limit` pixels: width x height x frames, so an
    animated PNG or WebP counts every frame. Pillow's own guard (Image.MAX_IMAGE_PIXELS, set
    when the app starts) may refuse first, inside Image.open; the caller turns that into the
    same refusal.
    """
    image = Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS))
    width, height = image.size
    if image.format not in IMAGE_FORMATS:  # a JPEG with several pictures opens as MPO
        image.close()
        raise _unreadable()
    if width * height * max(1, getattr(image, "n_frames", 1)) > limit:
        image.close()
        raise _too_large(limit)
    return image


def _decode(data: bytes) -> Image.Image:
    """The image's first frame, decoded, after its header passed `_open_header`."""
    limit = pixel_limit()
    try:
        with _open_header(data, limit) as probe:
            probe.verify()
        image = _open_header(data, limit)
        image.draft(None, (IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))  # a JPEG decodes at a smaller scale
        image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_large(limit) from error
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise _unreadable() from error
    return image


def _reencode(data: bytes) -> tuple[bytes, str, int, int]:
    image = _decode(data)
    source_format = image.format
    image = ImageOps.exif_transpose(image)
    image.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))
    out = io.BytesIO()
    if source_format == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    elif source_format == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=85)
    return out.getvalue(), source_format, image.width, image.height


def save_image(file_storage, municipality, uploader, alt_text: str) -> StoredFile:
    """Check, re-encode (metadata stripped) and store an image; flushes, never commits.

    Refuses (UploadError) a missing alt text, files over 5 MB, anything that is not JPEG, PNG
    or WebP, and images over IMAGE_MAX_PIXELS pixels (all frames together), judged from the
    header before anything is decoded; the content refusals name the form field "image".
    """
    if not (alt_text or "").strip():
        raise UploadError(_("Describe the image in a few words (alternative text)."))
    data, source_format, width, height = _reencode(_read_limited(file_storage.stream,
                                                                 IMAGE_MAX_BYTES))
    content_type, extension = IMAGE_FORMATS[source_format]
    stem = os.path.splitext(safe_filename(file_storage.filename, "bilde"))[0] or "bilde"
    stored = StoredFile(
        municipality_id=municipality.id, kind="image", filename=f"{stem}.{extension}",
        content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
        storage_key=_store(data, municipality, extension, content_type), width=width, height=height,
        alt_text=alt_text.strip()[:300], uploaded_by_id=getattr(uploader, "id", None))
    db.session.add(stored)
    db.session.flush()
    return stored


def sniff_document(data: bytes) -> str | None:
    """'pdf', 'docx' or 'odt' judged by the bytes, or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == \
                    DOCUMENT_TYPES["odt"].encode():
                return "odt"
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
    except (zipfile.BadZipFile, KeyError, RuntimeError):
        return None
    return None


def save_document(file_storage, municipality, uploader, *, public: bool = False,
                  max_bytes: int = DOCUMENT_MAX_BYTES) -> StoredFile:
    """Store a PDF, DOCX or ODT recognised by its content; flushes, never commits.

    Refuses other types (whatever the file is called) and files over `max_bytes`.
    """
    data = _read_limited(file_storage.stream, max_bytes)
    kind = sniff_document(data)
    if kind is None:
        raise UploadError(_("Only PDF, Word (DOCX) and OpenDocument (ODT) files can be uploaded."))
    stem = os.path.splitext(safe_filename(file_storage.filename, "dokument"))[0] or "dokument"
    stored = StoredFile(
        municipality_id=municipality.id, kind="document", filename=f"{stem}.{kind}",
        content_type=DOCUMENT_TYPES[kind], size=len(data), sha256=hashlib.sha256(data).hexdigest(),
        storage_key=_store(data, municipality, kind, DOCUMENT_TYPES[kind]), is_public=public,
        uploaded_by_id=getattr(uploader, "id", None))
    db.session.add(stored)
    db.session.flush()
    return stored


def path_of(stored: StoredFile) -> Path:
    """Where the file's bytes are on a local disk. Only for LocalStorage: prefer `read_bytes`,
    `file_exists` and `serve_file`, which work with every storage."""
    return Path(current_app.config["UPLOAD_FOLDER"]) / stored.storage_key


def read_bytes(stored: StoredFile) -> bytes:
    """The file's bytes (exports and tests); FileNotFoundError when they are gone."""
    return get_storage().read(stored.storage_key)


def file_exists(stored: StoredFile) -> bool:
    """Whether the file's bytes are still in storage."""
    return get_storage().exists(stored.storage_key)


def serve_file(stored: StoredFile, *, as_attachment: bool | None = None,
               public: bool | None = None, max_age: int | None = None) -> Response:
    """The response that sends the file, from whichever storage: a sandboxing CSP on every
    download; a public one cached `max_age` (default an hour), others `private, no-store`;
    conditional (ETag = its SHA-256) and ranges. Documents go as attachments by default."""
    public = stored.is_public if public is None else public
    response = get_storage().serve(
        stored.storage_key, content_type=stored.content_type, download_name=stored.filename,
        as_attachment=stored.kind == "document" if as_attachment is None else as_attachment,
        max_age=(3600 if public else 0) if max_age is None else max_age, etag=stored.sha256,
        last_modified=stored.created_at)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox; frame-ancestors 'none'"
    if not public:
        response.headers["Cache-Control"] = "private, no-store"
    return response


def delete_file(stored: StoredFile) -> None:
    """Remove the file's bytes and its row (flushes, never commits)."""
    get_storage().delete(stored.storage_key)
    db.session.delete(stored)
    db.session.flush()
