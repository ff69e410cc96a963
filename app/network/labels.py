"""What users read for the network's codes: the kinds of item (open for input, finished, what an
experience is about)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

KIND_LABELS = {"consultation": _l("Consultation"), "vote": _l("Vote"), "survey": _l("Survey"),
               "idea": _l("Idea")}
