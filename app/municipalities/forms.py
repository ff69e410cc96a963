"""The municipality's settings form, and the checks of a web origin and an organisation number.

The form starts from `settings_data(municipality)`, the stored values as the fields hold them, so a
form sent back unchanged changes nothing (never `obj=`: WTForms would put the raw model values, an
enum and a comma-separated string, in radio buttons and checkboxes that then match no choice)."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
import re

from wtforms import BooleanField, EmailField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import Email, Length, Optional, URL, ValidationError

from app.core.forms import MultiCheckboxField
from app.core.i18n import LANGUAGE_NAMES
from app.core.orgnumber import normalise_org_number
from app.files.forms import image_field
from app.municipalities.labels import (
    IDPORTEN_LEVEL_LABELS, MODERATION_MODE_LABELS, WRITTEN_FORM_LABELS,
)

#: the shortest and longest retention a municipality may set (days)
RETENTION_RANGE = (30, 3650)
_ONBEHALFOF = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")


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


def parse_retention_days(text) -> int | None:
    """The retention in days as an int, None when empty; ValueError when not a whole number in
    RETENTION_RANGE."""
    text = str(text if text is not None else "").strip().replace(" ", "")
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(text)
    days = int(text)
    if not RETENTION_RANGE[0] <= days <= RETENTION_RANGE[1]:
        raise ValueError(text)
    return days


def _check_retention(form, field):
    try:
        parse_retention_days(field.data)
    except ValueError:
        raise ValidationError(_l(
            "Write the number of days as a whole number from %(low)d to %(high)d, or leave the "
            "field empty to keep the answers' personal data.",
            low=RETENTION_RANGE[0], high=RETENTION_RANGE[1])) from None


def _check_onbehalfof(form, field):
    if (field.data or "").strip() and not _ONBEHALFOF.match(field.data.strip()):
        raise ValidationError(_l("Write the identifier exactly as ID-porten gave it: letters, "
                                 "digits and - _ . : only."))


def settings_data(municipality) -> dict:
    """The municipality's stored settings as the form's fields hold them."""
    return {
        "default_locale": municipality.default_locale,
        "enabled_locales": municipality.locales,
        "moderation_mode": getattr(municipality.moderation_mode, "value", None),
        "accessibility_statement_url": municipality.accessibility_statement_url or "",
        "privacy_contact": municipality.privacy_contact or "",
        "org_number": municipality.org_number or "",
        "open_data_contact": municipality.open_data_contact or "",
        "embed_origins": municipality.embed_origins or "",
        "idporten_acr": municipality.idporten_acr or "idporten-loa-substantial",
        "idporten_onbehalfof": municipality.idporten_onbehalfof or "",
        "privacy_controller": municipality.privacy_controller or "",
        "privacy_notice_nb": municipality.privacy_notice_nb or "",
        "privacy_notice_nn": municipality.privacy_notice_nn or "",
        "retention_days": "" if municipality.retention_days is None else str(municipality.retention_days),
    }


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
    privacy_controller = StringField(
        _l("Controller"),
        description=_l("Who is responsible for the personal data residents give here. Empty: the "
                       "municipality's official name."),
        validators=[Optional(), Length(max=200)])
    privacy_notice_nb = TextAreaField(
        _l("Privacy notice, bokmål"),
        description=_l("The municipality's own words on purpose, lawful basis, recipients and "
                       "retention, shown on the privacy page above the standard text. Markdown "
                       "is allowed (lists, links, **bold**)."),
        validators=[Optional(), Length(max=20000)])
    privacy_notice_nn = TextAreaField(
        _l("Privacy notice, nynorsk"),
        validators=[Optional(), Length(max=20000)])
    retention_days = StringField(
        _l("Delete personal data in answers after (days)"),
        description=_l("Names, e-mail addresses and account links in the answers to a consultation "
                       "or a survey are removed this many days after it closes, once its answers "
                       "have been exported for the archive. Empty: kept."),
        validators=[_check_retention])
    idporten_acr = RadioField(_l("ID-porten security level"))
    idporten_onbehalfof = StringField(
        _l("ID-porten onbehalfof (optional)"),
        description=_l("Only when the municipality logs in through a service provider's "
                       "ID-porten client: the identifier ID-porten registered for the municipality."),
        validators=[Optional(), Length(max=100), _check_onbehalfof])
    submit = SubmitField(_l("Save settings"))

    def __init__(self, municipality, *args, **kwargs):
        kwargs.setdefault("data", settings_data(municipality))
        super().__init__(*args, **kwargs)
        self.idporten_acr.choices = list(IDPORTEN_LEVEL_LABELS.items())
        self.default_locale.choices = list(WRITTEN_FORM_LABELS.items())
        self.moderation_mode.choices = list(MODERATION_MODE_LABELS.items())
        offered = ["nb", "nn", "en"] + (["se"] if "se" in municipality.locales
                                        or municipality.sami_name else [])
        self.enabled_locales.choices = [(code, LANGUAGE_NAMES[code]) for code in offered]

    def validate_enabled_locales(self, field):
        if self.default_locale.data not in (field.data or []):
            raise ValidationError(_l("The default written form must be one of the languages offered."))


#: the longest welcome text, in each written form
WELCOME_MAX = 600


class IdentityForm(FlaskForm):
    """The municipality's identity: accent colour, logo, header image and welcome text.

    The image fields are empty on every visit (a file cannot be shown back); an empty file field
    keeps the stored image. The checks that need the image's bytes or the colour's contrast are
    the service's (app/municipalities/services.update_identity)."""

    accent_color = StringField(
        _l("Accent colour"),
        description=_l("As # and six hexadecimal digits, e.g. #1a5e8a. Buttons, links and the "
                       "header use it; white text on it must keep a contrast of at least 4.5:1. "
                       "Empty: Tinget's blue."),
        validators=[Optional(), Length(max=7)])
    logo = image_field(_l("Logo"))
    logo_alt = StringField(
        _l("The logo's alternative text"),
        description=_l("Empty: \u201c%(name)s municipality\u201d."),
        validators=[Optional(), Length(max=300)])
    remove_logo = BooleanField(_l("Remove the logo"))
    header_image = image_field(_l("Header image on the home page"))
    header_alt = StringField(
        _l("Describe the header image (alternative text)"),
        description=_l("Required with a header image: what does it show, for those who cannot "
                       "see it?"),
        validators=[Optional(), Length(max=300)])
    remove_header = BooleanField(_l("Remove the header image"))
    welcome_nb = TextAreaField(_l("Welcome text (bokmål)"),
                               validators=[Optional(), Length(max=WELCOME_MAX)])
    welcome_nn = TextAreaField(_l("Welcome text (nynorsk)"),
                               validators=[Optional(), Length(max=WELCOME_MAX)])
    draft = SubmitField(_l("Draft the other written form by machine"))
    submit = SubmitField(_l("Save the appearance"))

    def __init__(self, municipality, *args, header_alt: str = "", **kwargs):
        super().__init__(*args, data={**identity_data(municipality), "header_alt": header_alt},
                         **kwargs)
        self.logo_alt.description = _l("Empty: \u201c%(name)s municipality\u201d.",
                                       name=municipality.name)

    def validate_header_alt(self, field):
        uploading = getattr(self.header_image.data, "filename", "")
        if uploading and not (field.data or "").strip():
            raise ValidationError(_l("Describe the header image in a few words (alternative "
                                     "text)."))


def identity_data(municipality) -> dict:
    """The identity fields' stored values (the images' files are never sent back)."""
    return {"accent_color": municipality.accent_color or "",
            "logo_alt": municipality.logo_alt or "",
            "welcome_nb": municipality.welcome_nb or "",
            "welcome_nn": municipality.welcome_nn or ""}
