"""How the axe audit (tests/browser/test_axe.py) treats the core's own routes."""
from __future__ import annotations


def register(visits: dict, not_pages: dict, form_states: list, FormState, Visit) -> None:  # noqa: N803
    not_pages["security_txt"] = "security.txt (RFC 9116), plain text for security researchers"
