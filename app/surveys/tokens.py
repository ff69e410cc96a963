"""Signed per-form tokens: answering needs no session cookie (embedded forms work with
third-party cookies blocked), and the same rendered form cannot be sent twice."""
from __future__ import annotations

import enum
import secrets

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "tinget.survey-form"


class TokenProblem(enum.Enum):
    missing = "missing"
    invalid = "invalid"  #: forged, altered or for another survey
    expired = "expired"


class FormTokenError(ValueError):
    def __init__(self, problem: TokenProblem):
        super().__init__(problem.value)
        self.problem = problem


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def issue_form_token(survey) -> str:
    """A token for one rendering of `survey`'s form: the survey id and a fresh random nonce."""
    return _serializer().dumps({"s": survey.id, "n": secrets.token_urlsafe(16)})


def read_form_token(survey, token: str | None) -> str:
    """The nonce of a valid token for `survey`; refuses a missing, forged, foreign or expired one."""
    if not token:
        raise FormTokenError(TokenProblem.missing)
    max_age = current_app.config.get("SURVEY_FORM_MAX_AGE", 12 * 60 * 60)
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise FormTokenError(TokenProblem.expired) from None
    except BadSignature:
        raise FormTokenError(TokenProblem.invalid) from None
    if not isinstance(data, dict) or data.get("s") != survey.id or not isinstance(data.get("n"), str):
        raise FormTokenError(TokenProblem.invalid)
    return data["n"][:32]
