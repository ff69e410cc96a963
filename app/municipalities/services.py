"""Municipality services: the settings an admin changes."""
from __future__ import annotations

from app.core import audit
from app.core.orgnumber import normalise_org_number
from app.municipalities.forms import parse_origin
from app.municipalities.models import ModerationMode, Municipality

SETTINGS = ("default_locale", "enabled_locales", "moderation_mode", "accessibility_statement_url",
            "privacy_contact", "org_number", "open_data_contact", "embed_origins")


def _snapshot(municipality: Municipality) -> dict:
    values = {name: getattr(municipality, name) for name in SETTINGS}
    values["moderation_mode"] = municipality.moderation_mode.value
    return values


def update_settings(municipality: Municipality, actor, data: dict) -> bool:
    """Apply an admin's settings (validated by SettingsForm) and log before/after.

    Returns False when nothing changed (and writes nothing to the audit log)."""
    before = _snapshot(municipality)
    municipality.default_locale = data["default_locale"]
    municipality.enabled_locales = ",".join(
        code for code in ("nb", "nn", "en", "se") if code in data["enabled_locales"])
    municipality.moderation_mode = ModerationMode(data["moderation_mode"])
    municipality.accessibility_statement_url = (data.get("accessibility_statement_url") or "").strip() or None
    municipality.privacy_contact = (data.get("privacy_contact") or "").strip().lower() or None
    municipality.org_number = normalise_org_number(data.get("org_number"))
    municipality.open_data_contact = (data.get("open_data_contact") or "").strip().lower() or None
    origins = [parse_origin(line) for line in (data.get("embed_origins") or "").splitlines()]
    municipality.embed_origins = "\n".join(dict.fromkeys(o for o in origins if o))
    after = _snapshot(municipality)
    if after == before:
        return False
    changed = [name for name in SETTINGS if before[name] != after[name]]
    audit.record("municipality.settings_changed", municipality, actor=actor,
                 municipality=municipality,
                 before={k: before[k] for k in changed}, after={k: after[k] for k in changed})
    return True
