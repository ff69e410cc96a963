"""Surveys inside an iframe on a municipality's own web site.

- `/embed.js` (`embed.script`, ≤ 5 KB, no dependencies) turns `<div data-tinget-survey="TOKEN">`
  or `<script src=".../embed.js" data-tinget-survey="TOKEN">` into an iframe, and resizes it when
  the frame posts its height (the message's origin and source are checked).
- `/embed/undersokelse/<token>` (`embed.survey` GET, `embed.answer` POST, `embed.thanks`) is the
  survey with minimal chrome. Its `Content-Security-Policy: frame-ancestors` lists exactly the
  municipality's registered origins; with none, framing is refused.
- Answering needs no cookie: a signed per-form token (see app/surveys/tokens.py) replaces the
  session CSRF token, so `embed.answer` is CSRF-exempt; these responses never set a cookie.
"""
from flask import Blueprint

bp = Blueprint("embed", __name__)

from app.embed import routes  # noqa: E402,F401
