"""Display vocabularies of the secretariat: what a network case's kind and phase are called."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

CASE_KIND_LABELS = {
    "consultation": _l("Network consultation"),
    "vote": _l("Network vote"),
}

CASE_PHASE_LABELS = {
    "draft": _l("Draft"),
    "scheduled": _l("Not open yet"),
    "open": _l("Open"),
    "closed": _l("Closed"),
}


def kind_choices() -> list[tuple[str, str]]:
    """The kinds for the case form, in the language of the request."""
    return [("consultation", str(_l("Consultation: each member answers in writing"))),
            ("vote", str(_l("Vote: each member chooses one option")))]
