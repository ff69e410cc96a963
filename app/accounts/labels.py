"""What users read for the area's codes: the names of the roles."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: a membership's role, as shown in a list of the user's roles ("Asker: moderator")
ROLE_LABELS = {
    "resident": _l("resident"),
    "moderator": _l("moderator"),
    "admin": _l("administrator"),
}
