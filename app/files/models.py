"""Uploaded files: what is known about each one; the bytes live in storage (app/core/storage.py)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import UTCDateTime, utcnow
from app.core.extensions import db
from app.core.tenancy import TenantMixin


class StoredFile(TenantMixin, db.Model):
    """A file a user uploaded in a municipality. The bytes live in storage under `storage_key`."""

    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: "image" or "document"
    kind: Mapped[str] = mapped_column(String(16))
    #: the name shown when downloading, made safe
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    #: the key in storage (a path below UPLOAD_FOLDER, or an S3 object key)
    storage_key: Mapped[str] = mapped_column(String(255), unique=True)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    #: the text alternative for an image (required for images)
    alt_text: Mapped[str | None] = mapped_column(String(300))
    #: public files are served to anyone; others only to the uploader and the municipality's staff
    is_public: Mapped[bool] = mapped_column(Boolean, default=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
