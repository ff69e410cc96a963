"""The municipality's settings form, and the checks of a web origin and an organisation number."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import Email, Length, Optional, URL, ValidationError

from app.core.forms import MultiCheckboxField
from app.core.i18n import LANGUAGE_NAMES
from app.core.orgnumber import normalise_org_number
from app.municipalities.labels import MODERATION_MODE_LABELS, WRITTEN_FORM_LABELS


def parse_origin(line: str) -> str | None:
    """`scheme://host[:port]` in lower case, or None when the line is not a bare web origin."""
    parts = urlsplit(line.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        return None
    try:
        port = parts.port
    except ValueError:
        return None
    origin = f"{parts.scheme}://{parts.hostname.lower()}"
    return f"{origin}:{port}" if port else origin



def _check_org_number(form, field):
    if (field.data or "").strip() and normalise_org_number(field.data) is None:
        raise ValidationError(_l("Not a valid organisation number: nine digits, as in the "
                                 "Brønnøysund Register Centre."))


def _check_origins(form, field):
    bad = [line for line in (field.data or "").splitlines() if line.strip() and not parse_origin(line)]
    if bad:
        raise ValidationError(_l("Not a web origin: %(origin)s. Write one per line, like "
                                 "https://www.kommune.no", origin=bad[0].strip()))


class SettingsForm(FlaskForm):
    default_locale = RadioField(
        _l("Default written form"),
        description=_l("Visitors who have not chosen a language see the site in this written form."))
    enabled_locales = MultiCheckboxField(_l("Languages offered"))
    moderation_mode = RadioField(_l("Moderation"))
    accessibility_statement_url = StringField(
        _l("Accessibility statement (address)"),
        description=_l("The municipality's statement on uustatus.no, linked from every page."),
        validators=[Optional(), URL(message=_l("Enter a full web address starting with https://.")),
                    Length(max=500)])
    privacy_contact = EmailField(
        _l("Privacy contact (e-mail)"),
        description=_l("Where residents ask about their personal data, e.g. the data protection officer."),
        validators=[Optional(), Email(message=_l("Enter a valid e-mail address, like navn@eksempel.no."),
                                      check_deliverability=False), Length(max=254)])
    org_number = StringField(
        _l("Organisation number"),
        description=_l("Nine digits, as in the Brønnøysund Register Centre. Needed to list the "
                       "municipality's open data in the national data catalogue (data.norge.no)."),
        validators=[Optional(), Length(max=20), _check_org_number])
    open_data_contact = EmailField(
        _l("Open data contact (e-mail)"),
        description=_l("Where users of the open data ask questions. Without it, the privacy "
                       "contact is given."),
        validators=[Optional(), Email(message=_l("Enter a valid e-mail address, like navn@eksempel.no."),
                                      check_deliverability=False), Length(max=254)])
    embed_origins = TextAreaField(
        _l("Web sites allowed to embed surveys"),
        description=_l("One origin per line, like https://www.kommune.no. With none, embedding is refused."),
        validators=[Optional(), Length(max=4000), _check_origins])
    submit = SubmitField(_l("Save settings"))

    def __init__(self, municipality, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_locale.choices = list(WRITTEN_FORM_LABELS.items())
        self.moderation_mode.choices = list(MODERATION_MODE_LABELS.items())
        offered = ["nb", "nn", "en"] + (["se"] if "se" in municipality.locales
                                        or municipality.sami_name else [])
        self.enabled_locales.choices = [(code, LANGUAGE_NAMES[code]) for code in offered]

    def validate_enabled_locales(self, field):
        if self.default_locale.data not in (field.data or []):
            raise ValidationError(_l("The default written form must be one of the languages offered."))
