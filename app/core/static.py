"""Static files: content-hashed names, long cache lifetimes, gzip, and the one stylesheet.

`url_for('static', filename='css/main.css')` gives `/static/css/main.<hash>.css`, where <hash> is
the first 10 hex digits of the file's SHA-256. Such a URL never changes its content, so it is served
with `Cache-Control: public, max-age=31536000, immutable`: a later page costs no request for it. An
unhashed name, or a hash that is no longer current (an old page from a cache), still gets the
current file, with a short lifetime (STATIC_MAX_AGE).

A bundle is a virtual file made of several: `css/tinget.css` is Designsystemet's theme and
components and then main.css, so a page needs one stylesheet request. Text files (CSS, JS, SVG,
JSON) are gzip-compressed once and served compressed to clients that accept it.

Each file is read, hashed and compressed once per process (in memory: the static folder is small);
in debug, or with TEMPLATES_AUTO_RELOAD, a changed file is read again. Names in STABLE are never
hashed: their URL is pasted into other sites.
"""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
import re
import threading
from dataclasses import dataclass, field

from flask import Flask, Response, abort, current_app, request
from werkzeug.security import safe_join

#: virtual files: name -> the files (under the static folder) it is made of, in order
BUNDLES: dict[str, tuple[str, ...]] = {
    "css/tinget.css": ("vendor/designsystemet/theme.css",
                       "vendor/designsystemet/designsystemet.css",
                       "css/main.css",
                       "css/identity.css"),
}
#: never hashed: municipalities paste this URL into their own sites (CONTRACT.md)
STABLE = frozenset({"js/embed.js"})
#: what is worth compressing
COMPRESSIBLE = frozenset({"text/css", "text/javascript", "application/javascript",
                          "image/svg+xml", "application/json", "text/plain"})
HASH_LENGTH = 10
HASHED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{%d})(?P<ext>\.[A-Za-z0-9]+)$" % HASH_LENGTH)
IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass
class Entry:
    data: bytes
    digest: str
    mimetype: str
    stamps: tuple
    _gz: bytes | None = field(default=None, repr=False)

    @property
    def gz(self) -> bytes | None:
        """The gzip body, made once; None when not worth it."""
        if self._gz is None and self.mimetype in COMPRESSIBLE and len(self.data) >= 512:
            packed = gzip.compress(self.data, compresslevel=9, mtime=0)
            self._gz = packed if len(packed) < len(self.data) else b""
        return self._gz or None


_entries: dict[tuple[str, str], Entry] = {}
_lock = threading.Lock()


def _parts(folder: str, filename: str) -> list[str] | None:
    names = BUNDLES.get(filename, (filename,))
    paths = [safe_join(folder, name) for name in names]
    if any(path is None or not os.path.isfile(path) for path in paths):
        return None
    return paths


def _stamps(paths: list[str]) -> tuple:
    return tuple((os.stat(path).st_mtime_ns, os.stat(path).st_size) for path in paths)


def entry(filename: str, app: Flask | None = None) -> Entry | None:
    """The file (or bundle) `filename` under the static folder, read and hashed; None if absent."""
    app = app or current_app
    key = (app.static_folder, filename)
    found = _entries.get(key)
    recheck = app.debug or app.config.get("TEMPLATES_AUTO_RELOAD")
    if found is not None and not recheck:
        return found
    paths = _parts(app.static_folder, filename)
    if paths is None:
        return None
    stamps = _stamps(paths)
    if found is not None and found.stamps == stamps:
        return found
    chunks = []
    for path in paths:
        with open(path, "rb") as handle:
            chunks.append(handle.read())
    data = b"\n".join(chunks)
    mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if mimetype == "application/javascript":
        mimetype = "text/javascript"
    made = Entry(data, hashlib.sha256(data).hexdigest()[:HASH_LENGTH], mimetype, stamps)
    with _lock:
        _entries[key] = made
    return made


def hashed_name(filename: str, app: Flask | None = None) -> str:
    """`css/main.css` -> `css/main.<hash>.css`; unchanged for STABLE names and unknown files."""
    if filename in STABLE:
        return filename
    found = entry(filename, app)
    if found is None:
        return filename
    stem, ext = os.path.splitext(filename)
    return f"{stem}.{found.digest}{ext}" if ext else filename


def _resolve(filename: str) -> tuple[Entry | None, bool]:
    """The entry a request names, and whether its hash is the current one (immutable)."""
    direct = entry(filename)
    if direct is not None:
        return direct, False
    match = HASHED.match(filename)
    if match is None:
        return None, False
    found = entry(match["stem"] + match["ext"])
    return found, found is not None and found.digest == match["digest"]


def serve(filename: str) -> Response:
    """The static view: the current content, long-lived under its current hash, gzip if accepted."""
    found, immutable = _resolve(filename)
    if found is None:
        abort(404)
    body, etag = found.data, found.digest
    compressed = found.gz is not None and "gzip" in request.headers.get("Accept-Encoding", "")
    if compressed:
        body, etag = found.gz, found.digest + "-gz"
    response = Response(body, mimetype=found.mimetype)
    if compressed:
        response.headers["Content-Encoding"] = "gzip"
    if found.gz is not None:
        response.vary.add("Accept-Encoding")
    response.set_etag(etag)
    if immutable:
        response.headers["Cache-Control"] = IMMUTABLE
    else:
        response.headers["Cache-Control"] = f"public, max-age={current_app.config['STATIC_MAX_AGE']}"
    return response.make_conditional(request)


def _hash_static_urls(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values:
        values["filename"] = hashed_name(values["filename"])


def init_app(app: Flask) -> None:
    """Serve /static/ through `serve` and make url_for('static', ...) give hashed names."""
    app.config.setdefault("STATIC_MAX_AGE", 300)
    app.view_functions["static"] = serve
    app.url_defaults(_hash_static_urls)
