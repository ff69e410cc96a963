"""Signed per-form tokens: answering needs no session cookie (embedded forms work with
third-party cookies blocked), and the same rendered form cannot be sent twice.

Signed, expiring and read through `app.core.csrf.SignedTokens`, the one way to sign a
cookieless token (the anonymous visitors' CSRF tokens use it too)."""
from __future__ import annotations

import secrets

from app.core.csrf import FormTokenError, SignedTokens, TokenProblem

__all__ = ["FormTokenError", "TokenProblem", "issue_form_token", "read_form_token"]

SALT = "tinget.survey-form"
TOKENS = SignedTokens(SALT, "SURVEY_FORM_MAX_AGE", 12 * 60 * 60)


def issue_form_token(survey) -> str:
    """A token for one rendering of `survey`'s form: the survey id and a fresh random nonce."""
    return TOKENS.issue({"s": survey.id, "n": secrets.token_urlsafe(16)})


def read_form_token(survey, token: str | None) -> str:
    """The nonce of a valid token for `survey`; refuses a missing, forged, foreign or expired one."""
    data = TOKENS.read(token)
    if not isinstance(data, dict) or data.get("s") != survey.id or not isinstance(data.get("n"), str):
        raise FormTokenError(TokenProblem.invalid)
    return data["n"][:32]
