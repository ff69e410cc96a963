"""How the axe audit (tests/browser/test_axe.py) visits the privacy area: the /konto/ pages and
the municipality's notice and retention overview are plain routes (visited as the admin where a
log-in is needed); the JSON download is no page; the deletion form is audited with its error."""
from __future__ import annotations


def register(visits: dict, not_pages: dict, form_states: list, FormState, Visit) -> None:  # noqa: N803
    not_pages["mydata.download"] = "the account's data as a JSON download"
    form_states += [
        FormState("delete my account, no password given", lambda w: "/konto/slett", {},
                  who="resident"),
    ]
