"""Locale selection and Norwegian formatting.

Order: explicit choice (`?lang=`, remembered in the session; the user's setting) > the
municipality's default written form (inside a municipality) > Accept-Language > nb.
A string missing in nn or se falls back to nb, never to English.
"""
from __future__ import annotations

from datetime import date, datetime

from babel import support
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal
from flask import current_app, g, has_request_context, request, session
from flask_babel import Domain, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from jinja2 import pass_context

from app.core.clock import to_oslo
from app.core.extensions import babel

#: what each language is called in its own language, for the language switch
LANGUAGE_NAMES = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English", "se": "Davvisámegiella"}

#: locales whose missing strings fall back to bokmål
NB_FALLBACK = {"nn", "se", "smj", "sma"}

#: locales Babel/CLDR cannot format: format dates and numbers with nb rules
FORMAT_AS_NB = {"smj", "sma"}


def supported_languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def normalise_language_tag(tag: str) -> str | None:
    """Map a browser language tag to one of ours: no, no-NO, nb-NO -> nb; nn-NO -> nn."""
    tag = tag.strip().lower().replace("_", "-")
    if not tag:
        return None
    primary = tag.split("-")[0]
    if primary in {"no", "nb"}:
        return "nb"
    if primary in supported_languages():
        return primary
    return None


def parse_accept_language(header: str | None) -> str | None:
    """The best supported language in an Accept-Language header, or None."""
    if not header:
        return None
    candidates: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        pieces = part.strip().split(";")
        quality = 1.0
        for param in pieces[1:]:
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        language = normalise_language_tag(pieces[0])
        if language and quality > 0:
            candidates.append((-quality, index, language))
    return min(candidates)[2] if candidates else None


def select_locale() -> str:
    """Flask-Babel's locale selector (see the module docstring for the order)."""
    if not has_request_context():  # command line, background work: bokmål unless forced
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = supported_languages()
    asked = request.args.get("lang", "").strip().lower()
    if asked in languages:
        if session.get("lang") != asked:  # remembered: the one cookie a reader asks for
            session["lang"] = asked
        return asked
    remembered = session.get("lang")
    if remembered in languages:
        return remembered
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    municipality = g.get("municipality")
    if municipality is not None and municipality.default_locale in languages:
        return municipality.default_locale
    return parse_accept_language(request.headers.get("Accept-Language")) or "nb"


class FallbackDomain(Domain):
    """A translation domain where missing nn/se strings fall back to nb, never to English."""

    def get_translations(self):
        locale = get_locale()
        if locale is None:
            return support.NullTranslations()
        key = (str(locale), self.domain[0])
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        directory = self.translation_directories[0]
        translations = support.Translations.load(directory, [locale], self.domain[0])
        if str(locale) in NB_FALLBACK:
            _drop_untranslated_plurals(translations)
            translations.add_fallback(support.Translations.load(directory, ["nb"], self.domain[0]))
        self.cache[key] = translations
        return translations


#: the two written forms of Norwegian that municipal texts are written in
WRITTEN_FORMS = ("nb", "nn")
#: their names in running text ("Lag utkast på nynorsk", "maskinomsett frå bokmål")
WRITTEN_FORM_NAMES = {"nb": _l("bokmål"), "nn": _l("nynorsk")}


class LocalText(str):
    """A text written in bokmål or nynorsk: the string, its written form (`lang`, for a `lang`
    attribute) and whether it stands in for the form the reader asked for (`fallback`)."""

    lang: str = "nb"
    fallback: bool = False

    def __new__(cls, value: str, lang: str, fallback: bool = False):
        text = super().__new__(cls, value)
        text.lang = lang
        text.fallback = fallback
        return text


def preferred_written_form() -> str:
    """The written form to show municipal texts in: the reader's (nb/nn), else the
    municipality's default, else bokmål."""
    locale = str(get_locale() or "nb") if has_request_context() else "nb"
    if locale in WRITTEN_FORMS:
        return locale
    municipality = g.get("municipality") if has_request_context() else None
    default = getattr(municipality, "default_locale", None)
    return default if default in WRITTEN_FORMS else "nb"


def localized(obj, field: str, preferred: str | None = None) -> LocalText:
    """The one way to read a bilingual text: `obj.<field>_nb` / `obj.<field>_nn` in the preferred
    written form when it is filled in, else in the other (then `.fallback` is true)."""
    preferred = preferred if preferred in WRITTEN_FORMS else preferred_written_form()
    for form in (preferred, *(f for f in WRITTEN_FORMS if f != preferred)):
        value = (getattr(obj, f"{field}_{form}", None) or "").strip()
        if value:
            return LocalText(value, form, form != preferred)
    return LocalText("", preferred)


def written_forms_of(obj, field: str = "title") -> list[str]:
    """The written forms `obj.<field>_*` is filled in for."""
    return [form for form in WRITTEN_FORMS if (getattr(obj, f"{field}_{form}", None) or "").strip()]


def _drop_untranslated_plurals(translations) -> None:
    """Babel compiles an untranslated plural message with the English msgids filled in, which
    would hide the bokmål fallback: take such entries out, so the lookup falls through to nb."""
    catalog = getattr(translations, "_catalog", None)
    if not catalog:
        return
    english = {key[0] for key, value in catalog.items()
               if isinstance(key, tuple) and key[1] == 0 and value == key[0]}
    for key in [key for key in catalog if isinstance(key, tuple) and key[0] in english]:
        del catalog[key]


def _format_locale() -> str:
    locale = str(get_locale() or "nb")
    return "nb" if locale in FORMAT_AS_NB else locale


def format_datetime(value: datetime | None) -> str:
    """`27. november 2026 kl. 14.00` in Norwegian; `27 November 2026 at 14:00` in English."""
    if value is None:
        return ""
    locale = _format_locale()
    local = to_oslo(value)
    if locale == "en":
        return babel_format_datetime(local, "d MMMM y 'at' HH:mm", locale="en")
    return babel_format_datetime(local, "d. MMMM y 'kl.' HH.mm", locale=locale)


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_oslo(value).date()
    locale = _format_locale()
    return babel_format_date(value, "d MMMM y" if locale == "en" else "d. MMMM y", locale=locale)


def format_number(value, decimals: int | None = None) -> str:
    """`1 234 567,5` in Norwegian."""
    if value is None:
        return ""
    pattern = None if decimals is None else "#,##0." + "0" * decimals if decimals else "#,##0"
    return format_decimal(value, format=pattern, locale=_format_locale())


def format_nok(value, decimals: bool = False) -> str:
    """Norwegian kroner: `1 250 000 kr`, or `1 234,50 kr` with decimals."""
    if value is None:
        return ""
    amount = format_number(value, 2 if decimals else 0)
    return f"{amount}\u00a0kr" if _format_locale() != "en" else f"NOK\u00a0{amount}"


def language_switch_codes() -> list[str]:
    """The languages offered in the header: the municipality's, or nb, nn, en on network pages."""
    municipality = g.get("municipality")
    if municipality is not None:
        return [code for code in municipality.locales if code in supported_languages()]
    return ["nb", "nn", "en"]


def _per_request(function):
    """A template filter Jinja must not evaluate at compile time: with a constant argument
    (`{{ 0|nok }}`) it would otherwise keep the language of the first request for good."""

    @pass_context
    def template_filter(_context, *args, **kwargs):
        return function(*args, **kwargs)

    return template_filter


def init_app(app) -> None:
    babel.init_app(app, locale_selector=select_locale,
                   timezone_selector=lambda: "Europe/Oslo")
    babel.domain_instance = FallbackDomain(
        translation_directories=app.config["BABEL_TRANSLATION_DIRECTORIES"], domain="messages"
    )
    for name, function in (("datetime", format_datetime), ("date", format_date),
                           ("number", format_number), ("nok", format_nok)):
        app.jinja_env.filters[name] = _per_request(function)
    app.jinja_env.globals.update(
        language_names=LANGUAGE_NAMES, language_switch_codes=language_switch_codes,
        current_locale=lambda: str(get_locale() or "nb"), localized=localized,
    )
