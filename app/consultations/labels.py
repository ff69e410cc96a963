"""What users read for the area's codes: types, phases, answer statuses and written forms, and
the staff's Markdown as safe HTML. Themes and goals are the network's: app/core/vocabulary.py
(`theme_label`, `sdg_label` in templates)."""
from __future__ import annotations

import markdown
import nh3
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app.moderation.permissions import can_report
from app.core.i18n import WRITTEN_FORM_NAMES

KIND_LABELS = {
    "general": _l("Consultation"),
    "plan": _l("Plan consultation (Planning and Building Act)"),
}

PHASE_LABELS = {
    "draft": _l("Draft"),
    "scheduled": _l("Not open yet"),
    "open": _l("Open for answers"),
    "closed": _l("Deadline passed"),
    "concluded": _l("Concluded"),
}

STATUS_LABELS = {
    "pending": _l("Waiting for moderation"),
    "approved": _l("Approved"),
    "rejected": _l("Not published"),
    "hidden": _l("Hidden by a moderator"),
    "withdrawn": _l("Withdrawn"),
}


_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "h2", "h3", "h4", "blockquote", "br", "code"}


def render_text(text: str | None) -> Markup:
    """Markdown from municipal staff as sanitised HTML (no scripts, styles or raw attributes)."""
    if not text:
        return Markup("")
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    return Markup(nh3.clean(html, tags=_TAGS, attributes={"a": {"href"}},
                            url_schemes={"https", "http", "mailto"},
                            link_rel="noopener noreferrer"))


def template_globals() -> dict:
    return {"consultation_labels": {"kind": KIND_LABELS, "phase": PHASE_LABELS,
                                    "status": STATUS_LABELS, "form": WRITTEN_FORM_NAMES},
            "consultation_text": render_text, "can_report": can_report}
