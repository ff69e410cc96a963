"""Forms of sharing: the buttons (share, stop sharing, copy) post nothing but their CSRF token."""
from __future__ import annotations

from app.core.forms import ConfirmForm  # noqa: F401 (the area's forms, one copy)
