"""Municipality services: the settings an admin changes, and its identity."""
from __future__ import annotations

from flask_babel import gettext as _

from app.core import audit
from app.core.extensions import db
from app.files.services import UploadError, save_image
from app.core.orgnumber import normalise_org_number
from app.municipalities.forms import parse_origin, parse_retention_days
from app.municipalities.identity import check_accent
from app.municipalities.models import ModerationMode, Municipality
from app.municipalities.queries import image_of

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


IDENTITY = ("accent_color", "logo_file_id", "logo_alt", "header_image_id", "header_alt",
            "welcome_nb", "welcome_nn")


def _identity_snapshot(municipality: Municipality, header) -> dict:
    values = {name: getattr(municipality, name) for name in IDENTITY if name != "header_alt"}
    values["header_alt"] = header.alt_text if header is not None else None
    return values


def _public_image(upload, municipality: Municipality, actor, alt_text: str, field: str):
    """A new image of the municipality's identity, re-encoded and served to everyone; a refusal
    names the form's `field`."""
    try:
        stored = save_image(upload, municipality, actor, alt_text)
    except UploadError as error:
        raise UploadError(str(error), "header_alt" if not (alt_text or "").strip() else field) \
            from error
    stored.is_public = True
    return stored


def _withdraw(file_id: int | None, municipality: Municipality) -> None:
    """An image taken off the identity stops being served (its row and bytes stay for the
    record, like a vote project's)."""
    stored = image_of(municipality, file_id)
    if stored is not None:
        stored.is_public = False


def update_identity(municipality: Municipality, actor, data: dict, logo=None,
                    header_image=None) -> bool:
    """Set the municipality's identity (validated by IdentityForm); flushes and logs before/after,
    never commits. Returns False when nothing changed.

    Refuses (IdentityError on "accent_color") a colour that is not #rrggbb or that gives less
    than 4.5:1 against white; refuses (UploadError) an image that is not JPEG, PNG or WebP, too
    large, or a header image without alt text. A refusal leaves everything as it was (the view
    rolls back)."""
    header = image_of(municipality, municipality.header_image_id)
    before = _identity_snapshot(municipality, header)
    accent = check_accent(data.get("accent_color") or "")
    header_alt = _text(data, "header_alt")
    if getattr(header_image, "filename", ""):
        new_header = _public_image(header_image, municipality, actor, header_alt or "",
                                   "header_image")
        _withdraw(municipality.header_image_id, municipality)
        municipality.header_image_id, header = new_header.id, new_header
    elif data.get("remove_header"):
        _withdraw(municipality.header_image_id, municipality)
        municipality.header_image_id, header = None, None
    elif header is not None and header_alt:
        header.alt_text = header_alt[:300]
    municipality.logo_alt = _text(data, "logo_alt")
    if getattr(logo, "filename", ""):
        new_logo = _public_image(logo, municipality, actor, municipality.logo_alt or
                                 _("%(name)s municipality", name=municipality.name), "logo")
        _withdraw(municipality.logo_file_id, municipality)
        municipality.logo_file_id = new_logo.id
    elif data.get("remove_logo"):
        _withdraw(municipality.logo_file_id, municipality)
        municipality.logo_file_id = None
    municipality.accent_color = accent
    municipality.welcome_nb = _text(data, "welcome_nb")
    municipality.welcome_nn = _text(data, "welcome_nn")
    after = _identity_snapshot(municipality, header)
    if after == before:
        return False
    db.session.flush()
    changed = [name for name in IDENTITY if before[name] != after[name]]
    audit.record("municipality.identity_changed", municipality, actor=actor,
                 municipality=municipality,
                 before={k: before[k] for k in changed}, after={k: after[k] for k in changed})
    return True


def set_demo_identity(municipality: Municipality, accent_color: str, welcome_nb: str,
                      welcome_nn: str) -> None:
    """Demo data: a colour (checked like an admin's) and a welcome text; flushes, no audit."""
    municipality.accent_color = check_accent(accent_color)
    municipality.welcome_nb = welcome_nb
    municipality.welcome_nn = welcome_nn
    db.session.flush()
