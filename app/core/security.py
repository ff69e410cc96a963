"""Request guards, security headers on every response, and /.well-known/security.txt."""
from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from urllib.parse import urlsplit

from flask import Response, abort, current_app, g, request, url_for

from app.core.clock import utcnow

BASE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'self'; object-src 'none'"
)


def _origin(url: str | None) -> str | None:
    """scheme://host[:port] of an address (a template with {z}/{x}/{y} too); None for none."""
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in {"http", "https"} and parts.netloc else None


@lru_cache(maxsize=8)
def _policy(tile_url: str | None, address_url: str | None) -> str:
    tiles, addresses = _origin(tile_url), _origin(address_url)
    policy = BASE_CSP
    if tiles:
        policy = policy.replace("img-src 'self' data:", f"img-src 'self' data: {tiles}")
    if addresses:
        policy = policy.replace("connect-src 'self'", f"connect-src 'self' {addresses}")
    return policy


def content_security_policy(config) -> str:
    """BASE_CSP, opened for the map services the configuration names (and only for them): the
    tile server's origin in img-src (MAP_TILE_URL), the address search's in connect-src
    (MAP_ADDRESS_SEARCH_URL). frame-ancestors is added per response."""
    return _policy(config.get("MAP_TILE_URL"), config.get("MAP_ADDRESS_SEARCH_URL"))


def refuse_nul() -> None:
    """400 for a request whose path, query or form carries a NUL character: no browser sends
    one, and PostgreSQL refuses it in a text parameter (a 500 deep in a query otherwise)."""
    if "\x00" in request.path or any(
            "\x00" in key or "\x00" in value
            for values in (request.args, request.form) for key, value in values.items(multi=True)):
        abort(400)


def set_frame_ancestors(origins: list[str]) -> None:
    """Let this response be framed by exactly these origins (embed routes); none refuses framing."""
    g.frame_ancestors = origins


def add_security_headers(response):
    origins = g.get("frame_ancestors")
    frame_ancestors = " ".join(origins) if origins else "'none'"
    response.headers.setdefault(
        "Content-Security-Policy",
        f"{content_security_policy(current_app.config)}; frame-ancestors {frame_ancestors}"
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if not origins:
        response.headers.setdefault("X-Frame-Options", "DENY")
    if g.get("private_page") and "no-store" not in response.headers.get("Cache-Control", ""):
        response.headers["Cache-Control"] = "no-store"
    if request.is_secure:
        response.headers.setdefault(
            "Strict-Transport-Security",
            f"max-age={current_app.config['HSTS_SECONDS']}; includeSubDomains",
        )
    return response


#: how long a security.txt stays valid (RFC 9116 asks for less than a year)
SECURITY_TXT_VALID = timedelta(days=365)
#: the languages a report may be written in
SECURITY_TXT_LANGUAGES = "nb, nn, en"


def _contacts() -> list[str]:
    """SECURITY_CONTACT as URIs: comma-separated; a bare e-mail address becomes a mailto: URI."""
    contacts = [item.strip() for item in
                str(current_app.config.get("SECURITY_CONTACT") or "").split(",") if item.strip()]
    return [item if ":" in item else f"mailto:{item}" for item in contacts]


def security_txt() -> Response:
    """/.well-known/security.txt (RFC 9116): where and how to report a security problem.

    `Expires` is a year ahead, counted from the start of today (UTC), so the file is the same
    all day."""
    today = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    lines = [f"Contact: {contact}" for contact in _contacts()]
    lines += [f"Expires: {(today + SECURITY_TXT_VALID).strftime('%Y-%m-%dT%H:%M:%SZ')}",
              f"Preferred-Languages: {SECURITY_TXT_LANGUAGES}",
              f"Canonical: {url_for('security_txt', _external=True)}"]
    if current_app.config.get("SECURITY_POLICY_URL"):
        lines.append(f"Policy: {current_app.config['SECURITY_POLICY_URL']}")
    response = Response("\n".join(lines) + "\n", mimetype="text/plain")
    response.cache_control.public = True
    response.cache_control.max_age = 24 * 60 * 60
    return response


def init_app(app) -> None:
    """The routes of this module: /.well-known/security.txt."""
    app.add_url_rule("/.well-known/security.txt", "security_txt", security_txt)
