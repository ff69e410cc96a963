"""Request guards and security headers on every response."""
from __future__ import annotations

from flask import abort, current_app, g, request

BASE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'self'; object-src 'none'"
)


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
        "Content-Security-Policy", f"{BASE_CSP}; frame-ancestors {frame_ancestors}"
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
