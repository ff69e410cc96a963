"""Municipality services: the settings an admin changes."""
from __future__ import annotations

from app.core import audit
from app.core.orgnumber import normalise_org_number
from app.municipalities.forms import parse_origin, parse_retention_days
from app.municipalities.models import ModerationMode, Municipality

SETTINGS = ("default_locale", "enabled_locales", "moderation_mode", "accessibility_statement_url",
            "privacy_contact", "org_number", "open_data_contact", "embed_origins",
            "idporten_acr", "idporten_onbehalfof", "privacy_controller", "privacy_notice_nb",
            "privacy_notice_nn", "retention_days")


def _text(data: dict, name: str) -> str | None:
    """A text setting trimmed, None when empty; the browser's CR LF line endings become LF, so a
    form sent back unchanged is unchanged."""
    value = (data.get(name) or "").replace("\r\n", "\n").strip()
    return value or None


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
    municipality.idporten_acr = data.get("idporten_acr") or municipality.idporten_acr
    municipality.idporten_onbehalfof = _text(data, "idporten_onbehalfof")
    municipality.privacy_controller = _text(data, "privacy_controller")
    municipality.privacy_notice_nb = _text(data, "privacy_notice_nb")
    municipality.privacy_notice_nn = _text(data, "privacy_notice_nn")
    municipality.retention_days = parse_retention_days(data.get("retention_days"))
    after = _snapshot(municipality)
    if after == before:
        return False
    changed = [name for name in SETTINGS if before[name] != after[name]]
    audit.record("municipality.settings_changed", municipality, actor=actor,
                 municipality=municipality,
                 before={k: before[k] for k in changed}, after={k: after[k] for k in changed})
    return True
