"""The ID-porten pages in the axe audit (tests/browser/test_axe.py).

The audit's app has no ID-porten configured, so these routes are 404s there; their pages (the
log-in button, the new-account form with and without errors, the page after it, a refused log-in)
are audited with a real provider in tests/accounts/idporten/test_journey.py. Called from
tests/accounts/axe_visits.py (the audit reads one axe_visits.py per top-level test folder).
"""
from __future__ import annotations

WHY = "off where ID-porten is not configured; audited in tests/accounts/idporten/test_journey.py"


def register(visits: dict, not_pages: dict, form_states: list, FormState, Visit) -> None:  # noqa: N803
    not_pages["accounts.idporten_login"] = "a redirect to ID-porten; " + WHY
    not_pages["accounts.idporten_link"] = "a redirect to ID-porten; " + WHY
    not_pages["accounts.idporten_callback"] = "ID-porten's way back; " + WHY
    not_pages["accounts.idporten_signup"] = WHY
