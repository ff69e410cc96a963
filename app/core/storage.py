"""Where uploaded bytes live: one interface, a local folder by default, S3-compatible optionally.

No app server keeps anything on its own disk that another would need: with several servers,
either UPLOAD_FOLDER is a shared volume or S3_BUCKET names a bucket (S3_ENDPOINT_URL for MinIO,
Ceph and the like; S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_REGION). boto3 is imported only
when S3 is configured. Keys look like `12/3f2a….png`: letters, digits, `/`, `.`, `_`, `-`.

    storage = get_storage()
    storage.save(key, data, "image/png"); storage.read(key); storage.exists(key)
    storage.serve(key, content_type=…, download_name=…)   # a Flask response (streamed)
    storage.delete(key)
"""
from __future__ import annotations

import io
import os
import re
import tempfile
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Protocol

from flask import Flask, Response, current_app, send_file

_KEY = re.compile(r"^(?!/)(?!.*\.\.)[A-Za-z0-9._/-]{1,255}$")


class StorageError(Exception):
    """A key that is not allowed, or a backend that cannot be reached."""


class Storage(Protocol):
    def save(self, key: str, data: bytes, content_type: str) -> None: ...
    def open(self, key: str) -> BinaryIO: ...
    def read(self, key: str) -> bytes: ...
    def exists(self, key: str) -> bool: ...
    def delete(self, key: str) -> None: ...
    def serve(self, key: str, *, content_type: str, download_name: str,
              as_attachment: bool = False, max_age: int = 0, etag: str | None = None,
              last_modified: datetime | None = None) -> Response: ...
    def url(self, key: str, expires: int = 300) -> str | None: ...
    def describe(self) -> dict: ...


def check_key(key: str) -> str:
    """The key, if it is a plain relative name; refuses absolute paths and `..`."""
    if not isinstance(key, str) or not _KEY.match(key):
        raise StorageError("invalid storage key")
    return key


class LocalStorage:
    """Files in a folder (UPLOAD_FOLDER). `open` and `read` raise FileNotFoundError when missing."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    def save(self, key: str, data: bytes, content_type: str) -> None:
        """Write atomically: a reader never sees half a file."""
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, prefix=".upload-") as tmp:
            tmp.write(data)
        os.replace(tmp.name, path)

    def open(self, key: str) -> BinaryIO:
        return self.path(key).open("rb")

    def read(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def serve(self, key, *, content_type, download_name, as_attachment=False, max_age=0,
              etag=None, last_modified=None) -> Response:
        return send_file(self.path(key), mimetype=content_type, download_name=download_name,
                         as_attachment=as_attachment, conditional=True, max_age=max_age,
                         etag=etag if etag is not None else True, last_modified=last_modified)

    def url(self, key: str, expires: int = 300) -> str | None:
        return None  # served through the app only

    def describe(self) -> dict:
        return {"backend": "local"}


class S3Storage:
    """Objects in an S3-compatible bucket. `open` and `read` raise FileNotFoundError when missing."""

    def __init__(self, bucket: str, *, endpoint_url=None, access_key_id=None,
                 secret_access_key=None, region=None):
        import boto3  # only when S3 is configured
        from botocore.config import Config as BotoConfig

        self.bucket = bucket
        self.client = boto3.client(
            "s3", endpoint_url=endpoint_url, aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key, region_name=region,
            config=BotoConfig(retries={"max_attempts": 3}, connect_timeout=5, read_timeout=30,
                              s3={"addressing_style": "path"} if endpoint_url else None))

    def _missing(self, error) -> bool:
        code = str(getattr(error, "response", {}).get("Error", {}).get("Code", ""))
        return code in {"NoSuchKey", "404", "NotFound"}

    def save(self, key: str, data: bytes, content_type: str) -> None:
        self.client.put_object(Bucket=self.bucket, Key=check_key(key), Body=data,
                               ContentType=content_type)

    def open(self, key: str) -> BinaryIO:
        from botocore.exceptions import ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=check_key(key))
        except ClientError as error:
            if self._missing(error):
                raise FileNotFoundError(key) from error
            raise
        return answer["Body"]

    def read(self, key: str) -> bytes:
        with self.open(key) as body:
            return body.read()

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=check_key(key))
        except ClientError as error:
            if self._missing(error):
                return False
            raise
        return True

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=check_key(key))

    def serve(self, key, *, content_type, download_name, as_attachment=False, max_age=0,
              etag=None, last_modified=None) -> Response:
        """Streamed through the app, so its permission check and headers apply as for a local
        file. Files are small (at most 25 MB), so Range requests are answered from memory."""
        return send_file(io.BytesIO(self.read(key)), mimetype=content_type,
                         download_name=download_name, as_attachment=as_attachment,
                         conditional=True, max_age=max_age, etag=etag or False,
                         last_modified=last_modified)

    def url(self, key: str, expires: int = 300) -> str | None:
        """A pre-signed GET URL valid `expires` seconds (for a public file behind a CDN)."""
        return self.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": check_key(key)}, ExpiresIn=expires)

    def describe(self) -> dict:
        return {"backend": "s3"}


_SETTINGS = ("UPLOAD_FOLDER", "S3_BUCKET", "S3_ENDPOINT_URL", "S3_ACCESS_KEY_ID",
             "S3_SECRET_ACCESS_KEY", "S3_REGION")


def make_storage(config) -> Storage:
    """The storage the configuration names: S3 when S3_BUCKET is set, else UPLOAD_FOLDER."""
    if config.get("S3_BUCKET"):
        return S3Storage(config["S3_BUCKET"], endpoint_url=config.get("S3_ENDPOINT_URL"),
                         access_key_id=config.get("S3_ACCESS_KEY_ID"),
                         secret_access_key=config.get("S3_SECRET_ACCESS_KEY"),
                         region=config.get("S3_REGION"))
    return LocalStorage(config["UPLOAD_FOLDER"])


def get_storage(app: Flask | None = None) -> Storage:
    """The app's storage, made once per app from its configuration."""
    app = app or current_app
    settings = tuple(app.config.get(name) for name in _SETTINGS)
    made = app.extensions.get("tinget_storage")
    if made is None or made[0] != settings:
        made = app.extensions["tinget_storage"] = (settings, make_storage(app.config))
    return made[1]
