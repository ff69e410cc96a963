"""What every template can use."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import g, request

from app.accounts import permissions
from app.core import vocabulary
from app.core.i18n import WRITTEN_FORM_NAMES


def url_with_lang(code: str) -> str:
    """The current page's URL with ?lang= set: the language switch works without JavaScript."""
    args = request.args.to_dict(flat=True)
    args["lang"] = code
    return f"{request.path}?{urlencode(args)}"


def init_templating(app) -> None:
    app.jinja_env.globals.update(
        vocabulary.template_globals(),
        url_with_lang=url_with_lang,
        can_moderate=permissions.can_moderate,
        can_administer=permissions.can_administer,
        is_network_admin=permissions.is_network_admin,
        WRITTEN_FORM_NAMES=WRITTEN_FORM_NAMES,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def inject_municipality():
        return {"municipality": g.get("municipality")}
