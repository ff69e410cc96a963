"""CSRF for every form, without a cookie for anonymous readers.

A signed-in visitor gets Flask-WTF's token, bound to the session. An anonymous visitor gets a
signed, cookieless, time-limited token (`CSRF_ANONYMOUS_MAX_AGE`, 24 hours by default): the same
for everybody, so a cached page may carry it, and nothing is written to the session, so reading
a page sets no cookie. Because such a token proves only that it came from one of our pages,
its POST must also come from this site: the `Origin` header, else the `Referer`, else
`Sec-Fetch-Site` (a request with none of them, which no current browser sends, is let through
for an anonymous visitor and refused for a signed-in one).

One generator serves `{{ csrf_token() }}` and every FlaskForm (through `FlaskForm.Meta.csrf_class`),
and one check serves CSRFProtect's before-request hook and a form's own validation, so templates
and forms need no change. `SignedTokens` is the one way to sign a cookieless, expiring token (the
surveys' per-form tokens use it too).
"""
from __future__ import annotations

import enum
import hmac
from urllib.parse import urlsplit

from flask import current_app, g, request
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError, CSRFProtect, _FlaskFormCSRF, generate_csrf, validate_csrf
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from wtforms import ValidationError

from app.core import clock

#: the salt of the anonymous visitors' form tokens
ANONYMOUS_SALT = "tinget.csrf-anonymous"
#: what an anonymous token says; the signature and its time are what count
ANONYMOUS_PAYLOAD = "anonymous"
#: Sec-Fetch-Site values of a request a page of this site made (or the visitor typed)
SAME_SITE_FETCH = {"same-origin", "none"}


class TokenProblem(enum.Enum):
    missing = "missing"
    invalid = "invalid"  #: forged, altered, signed with another key, or for something else
    expired = "expired"


class FormTokenError(ValueError):
    def __init__(self, problem: TokenProblem):
        super().__init__(problem.value)
        self.problem = problem


class _ClockSigner(TimestampSigner):
    """Timestamps from the one clock (`app.core.clock`), so a test can move time."""

    def get_timestamp(self) -> int:
        return int(clock.utcnow().timestamp())


class SignedTokens:
    """Signed, expiring tokens of one kind: `salt` keeps kinds apart, `max_age_setting` names
    the setting (seconds) after which a token has expired."""

    def __init__(self, salt: str, max_age_setting: str, default_max_age: int):
        self.salt = salt
        self.max_age_setting = max_age_setting
        self.default_max_age = default_max_age

    def _serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=self.salt,
                                      signer=_ClockSigner)

    def issue(self, payload) -> str:
        return self._serializer().dumps(payload)

    def read(self, token: str | None):
        """The payload of a valid token; refuses a missing, forged or expired one."""
        if not token:
            raise FormTokenError(TokenProblem.missing)
        max_age = current_app.config.get(self.max_age_setting, self.default_max_age)
        try:
            return self._serializer().loads(token, max_age=max_age)
        except SignatureExpired:
            raise FormTokenError(TokenProblem.expired) from None
        except BadSignature:
            raise FormTokenError(TokenProblem.invalid) from None


ANONYMOUS_TOKENS = SignedTokens(ANONYMOUS_SALT, "CSRF_ANONYMOUS_MAX_AGE", 24 * 60 * 60)


def _signed_in() -> bool:
    return bool(current_user) and current_user.is_authenticated


def csrf_token() -> str:
    """The token for the forms of this page: session-bound when signed in, else cookieless."""
    if _signed_in():
        return generate_csrf()
    if "csrf_anonymous_token" not in g:
        g.csrf_anonymous_token = ANONYMOUS_TOKENS.issue(ANONYMOUS_PAYLOAD)
    return g.csrf_anonymous_token


def _host_of(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        return parts.netloc.lower() if parts.scheme in ("http", "https") and parts.netloc else None
    except ValueError:
        return None


def request_site() -> bool | None:
    """Whether this request came from a page of this site: True, False (another site), or None
    when the browser told nothing (no Origin, Referer or Sec-Fetch-Site)."""
    trusted = {request.host.lower()} | {
        host for host in map(_host_of, current_app.config.get("CSRF_TRUSTED_ORIGINS", ())) if host}
    origin = request.headers.get("Origin")
    if origin:  # "null" (a sandboxed or privacy-hidden origin) is no evidence of this site
        return _host_of(origin) in trusted
    referrer = request.headers.get("Referer")
    if referrer:
        return _host_of(referrer) in trusted
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site.lower() in SAME_SITE_FETCH
    return None


def check(token: str | None) -> None:
    """Refuse (CSRFError) a state-changing request whose token is missing, forged or expired,
    or that another site made. A cookieless token from a signed-in visitor needs the browser to
    say it came from this site."""
    site = request_site()
    if site is False:
        raise CSRFError("The request came from another site.")
    try:
        payload = ANONYMOUS_TOKENS.read(token)
    except FormTokenError as error:
        if error.problem is TokenProblem.expired:
            raise CSRFError("The CSRF token has expired.") from None
        if error.problem is TokenProblem.missing:
            raise CSRFError("The CSRF token is missing.") from None
        payload = None
    if payload is not None:
        if not hmac.compare_digest(str(payload), ANONYMOUS_PAYLOAD):
            raise CSRFError("The CSRF token is invalid.")
        if site is None and _signed_in():
            raise CSRFError("A signed-in form needs its session token.")
        return
    try:
        validate_csrf(token)
    except ValidationError as error:
        raise CSRFError(error.args[0]) from None


class TingetCSRFProtect(CSRFProtect):
    """Flask-WTF's CSRFProtect with the token and the check of this module (see its docstring)."""

    def init_app(self, app) -> None:
        super().init_app(app)
        app.jinja_env.globals["csrf_token"] = csrf_token
        # after Flask-WTF's context processor, so this csrf_token is the one templates see
        app.context_processor(lambda: {"csrf_token": csrf_token})
        FlaskForm.Meta.csrf_class = FormCSRF

    def protect(self, apply_exemptions: bool = False) -> None:
        if apply_exemptions and (not request.endpoint or self._is_exempt()):
            return
        if request.method not in current_app.config["WTF_CSRF_METHODS"]:
            return
        check(self._get_csrf_token())  # the form field (also with a prefix), else a header
        g.csrf_valid = True


class FormCSRF(_FlaskFormCSRF):
    """The csrf_class of every FlaskForm: this module's token and check."""

    def generate_csrf_token(self, csrf_token_field) -> str:
        return csrf_token()

    def validate_csrf_token(self, form, field) -> None:
        if g.get("csrf_valid", False):  # already checked before the view ran
            return
        try:
            check(field.data)
        except CSRFError as error:
            raise ValidationError(error.description) from None
