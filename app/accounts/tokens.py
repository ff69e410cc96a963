"""Signed, expiring links sent by mail: e-mail verification, password reset, a new address."""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

VERIFY = "verify-email"
RESET = "reset-password"
CHANGE_EMAIL = "change-email"
#: the setting that says how long (seconds) each kind of link is valid
MAX_AGE_SETTINGS = {VERIFY: "EMAIL_VERIFY_MAX_AGE", RESET: "PASSWORD_RESET_MAX_AGE",
                    CHANGE_EMAIL: "EMAIL_CHANGE_MAX_AGE"}


def _serializer(kind: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=kind)


def reset_fingerprint(user) -> str:
    """Changes whenever the password does, so a reset link works once."""
    return user.password_hash[-16:]


def verification_token(user) -> str:
    return _serializer(VERIFY).dumps({"u": user.id, "e": user.email})


def reset_token(user) -> str:
    return _serializer(RESET).dumps({"u": user.id, "h": reset_fingerprint(user)})


def email_change_token(user, new_email: str) -> str:
    """Bound to the account, its current address and the new one: it dies when either changes."""
    return _serializer(CHANGE_EMAIL).dumps({"u": user.id, "o": user.email, "n": new_email})


def read(kind: str, token: str) -> dict | None:
    """The payload of a valid, unexpired link of this kind, or None."""
    try:
        data = _serializer(kind).loads(token, max_age=current_app.config[MAX_AGE_SETTINGS[kind]])
    except (BadSignature, SignatureExpired):
        return None
    return data if isinstance(data, dict) else None
