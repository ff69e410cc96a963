"""What users read for the area's codes: themes, SDGs, types, phases, statuses."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

THEME_LABELS = {
    "mobility": _l("Mobility"),
    "open_data": _l("Open data"),
    "citizen_involvement": _l("Citizen involvement"),
    "business_dialogue": _l("Dialogue with business"),
    "communication": _l("Communication"),
    "smart_city_guidelines": _l("Smart-city guidelines"),
    "procurement": _l("Procurement"),
}

SDG_LABELS = {
    1: _l("1 No poverty"), 2: _l("2 Zero hunger"), 3: _l("3 Good health and well-being"),
    4: _l("4 Quality education"), 5: _l("5 Gender equality"),
    6: _l("6 Clean water and sanitation"), 7: _l("7 Affordable and clean energy"),
    8: _l("8 Decent work and economic growth"), 9: _l("9 Industry, innovation and infrastructure"),
    10: _l("10 Reduced inequalities"), 11: _l("11 Sustainable cities and communities"),
    12: _l("12 Responsible consumption and production"), 13: _l("13 Climate action"),
    14: _l("14 Life below water"), 15: _l("15 Life on land"),
    16: _l("16 Peace, justice and strong institutions"), 17: _l("17 Partnerships for the goals"),
}

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

WRITTEN_FORM_NAMES = {"nb": _l("bokmål"), "nn": _l("nynorsk")}


def render_text(text: str | None) -> Markup:
    """Markdown from municipal staff as sanitised HTML (no scripts, styles or raw attributes)."""
    import markdown
    import nh3

    if not text:
        return Markup("")
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    return Markup(nh3.clean(html, tags={"p", "ul", "ol", "li", "strong", "em", "a", "h2", "h3",
                                        "h4", "blockquote", "br", "code"},
                            attributes={"a": {"href"}}, url_schemes={"https", "http", "mailto"},
                            link_rel="noopener noreferrer"))


def template_globals() -> dict:
    from app.moderation.permissions import can_report

    return {"consultation_labels": {"theme": THEME_LABELS, "sdg": SDG_LABELS, "kind": KIND_LABELS,
                                    "phase": PHASE_LABELS, "status": STATUS_LABELS,
                                    "form": WRITTEN_FORM_NAMES},
            "consultation_text": render_text, "can_report": can_report}
