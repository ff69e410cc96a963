"""Municipality services: settings and look-ups."""
from __future__ import annotations

from sqlalchemy import select

from app.core import audit
from app.core.extensions import db
from app.municipalities.forms import parse_origin
from app.municipalities.models import ModerationMode, Municipality

SETTINGS = ("default_locale", "enabled_locales", "moderation_mode", "accessibility_statement_url",
            "privacy_contact", "embed_origins")


def _snapshot(municipality: Municipality) -> dict:
    values = {name: getattr(municipality, name) for name in SETTINGS}
    values["moderation_mode"] = municipality.moderation_mode.value
    return values


def update_settings(municipality: Municipality, actor, data: dict) -> bool:
    """Apply admin settings and log before/after; returns False when nothing changed."""
    before = _snapshot(municipality)
    municipality.default_locale = data["default_locale"]
    municipality.enabled_locales = ",".join(
        code for code in ("nb", "nn", "en", "se") if code in data["enabled_locales"])
    municipality.moderation_mode = ModerationMode(data["moderation_mode"])
    municipality.accessibility_statement_url = (data.get("accessibility_statement_url") or "").strip() or None
    municipality.privacy_contact = (data.get("privacy_contact") or "").strip().lower() or None
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


def active_municipalities() -> list[Municipality]:
    return list(db.session.scalars(
        select(Municipality).where(Municipality.is_active.is_(True)).order_by(Municipality.name)))


def by_number(number: str) -> Municipality | None:
    return db.session.scalar(select(Municipality).where(Municipality.number == number))
