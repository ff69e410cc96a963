"""The password rule (long enough, not common, not the e-mail address) and the password hash."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from werkzeug.security import generate_password_hash

MIN_LENGTH = 10
MAX_LENGTH = 200

#: passwords that lead every breach list, in English and Norwegian
COMMON = frozenset({
    "1234567890", "12345678910", "123456789a", "0123456789", "qwertyuiop", "asdfghjkla",
    "passord123", "passord1234", "password12", "password123", "password1234", "sommer2024",
    "sommer2025", "sommer2026", "vinter2025", "vinter2026", "høst2026", "qwerty1234",
    "1q2w3e4r5t", "iloveyou12", "abcdefghij", "abc1234567", "norge12345", "passordpassord",
    "tinget1234", "kommune123", "kommune1234", "letmein123", "welcome123", "administrator",
})


def password_problem(password: str, email: str = "") -> str | None:
    """Why this password is refused, or None when it is fine."""
    if len(password) < MIN_LENGTH:
        return _l("The password must be at least %(n)d characters long.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("The password can be at most %(n)d characters long.", n=MAX_LENGTH)
    lowered = password.lower()
    if lowered in COMMON or len(set(lowered)) < 4:
        return _l("This password is too easy to guess. Choose another one.")
    local_part = email.split("@")[0].lower()
    if len(local_part) >= 4 and local_part in lowered:
        return _l("The password must not contain your e-mail address.")
    return None


def hash_password(password: str) -> str:
    """The stored hash of `password`: Werkzeug's default, scrypt, a memory-hard KDF.

    Every hash the area computes goes through here (registration's timing rule counts them)."""
    return generate_password_hash(password)
