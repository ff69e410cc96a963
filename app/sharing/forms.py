"""Forms of sharing: the buttons (share, stop sharing, copy) post nothing but their CSRF token."""
from __future__ import annotations

from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """A button's form: only the CSRF token."""
