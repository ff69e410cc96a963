"""What users read for the area's codes: written forms and moderation modes."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: a municipality's declared written form (Malform)
MALFORM_LABELS = {
    "bokmal": _l("Bokmål"),
    "nynorsk": _l("Nynorsk"),
    "noytral": _l("Neutral (bokmål and nynorsk)"),
}

#: the written forms a municipality may show by default (locale codes)
WRITTEN_FORM_LABELS = {"nb": _l("Bokmål"), "nn": _l("Nynorsk")}

#: how residents' texts are moderated (ModerationMode), as an admin chooses it
MODERATION_MODE_LABELS = {
    "post": _l("Publish at once and moderate afterwards"),
    "pre": _l("Moderate before anything is published"),
}

#: the level of assurance a municipality asks of ID-porten (Municipality.idporten_acr)
IDPORTEN_LEVEL_LABELS = {
    "idporten-loa-substantial": _l("Substantial (MinID, BankID and others)"),
    "idporten-loa-high": _l("High (BankID, Buypass and Commfides only)"),
}
