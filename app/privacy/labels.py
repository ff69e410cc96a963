"""What users read for the privacy area's codes: the kinds of contribution."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: the kinds on "My contributions" (app/privacy/queries.py KINDS)
KIND_LABELS = {
    "idea": _l("Idea"),
    "comment": _l("Comment on an idea"),
    "answer": _l("Consultation answer"),
    "survey": _l("Survey answer"),
    "ballot": _l("Ballot in a vote"),
}
