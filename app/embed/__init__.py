"""Surveys inside an iframe on a municipality's own web site (see README.md).

- `/embed.js` (`embed.script`) turns a placeholder on the municipality's page into an iframe and
  resizes it when the frame posts its height (the message's origin and source are checked).
- `/embed/undersokelse/<token>` (`embed.survey` GET, `embed.answer` POST, `embed.thanks`) is the
  survey with minimal chrome, framed only by the municipality's registered origins.
- Answering needs no cookie: a signed per-form token (see app/surveys/tokens.py) replaces the
  session CSRF token, so `embed.answer` is CSRF-exempt; these responses never set a cookie.
"""
from flask import Blueprint

bp = Blueprint("embed", __name__)

from app.embed import routes  # noqa: E402,F401  (routes import bp from here)
