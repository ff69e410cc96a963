"""Which language a visitor gets, what `<html lang>` says, the nb fallback, and Norwegian dates.

Order: `?lang=` (remembered in the session) > the logged-in user's setting > the municipality's
default written form (inside a municipality) > Accept-Language > nb.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from functools import cache

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask import render_template_string
from flask_babel import force_locale, gettext

from app.core.i18n import FallbackDomain, format_date, format_datetime, parse_accept_language
from tests.i18n.catalogs import LOCALES, load_po

pytestmark = pytest.mark.usefixtures("compiled_catalogs")

SKIP_LINK = "Skip to main content"  # on every page, translated in all four languages


@cache
def catalog(locale: str) -> Catalog:
    return load_po(locale)


def text(locale: str, msgid: str) -> str:
    """What a visitor in `locale` should read for `msgid`: its translation, else bokmål."""
    message = catalog(locale).get(msgid)
    if message is not None and message.string:
        return message.string
    return msgid if locale == "en" else catalog("nb").get(msgid).string


def html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]*)"', response.get_data(as_text=True))
    assert match, "no <html lang> on the page"
    return match.group(1)


def served(response) -> str:
    """The language of the page: `<html lang>`, checked against the skip link's text."""
    lang = html_lang(response)
    body = response.get_data(as_text=True)
    assert text(lang, SKIP_LINK) in body, f"<html lang={lang}> but the skip link is not in {lang}"
    return lang


def test_the_four_languages_read_differently():
    """The checks below tell languages apart by the skip link, so it must differ in each."""
    assert len({text(locale, SKIP_LINK) for locale in LOCALES}) == len(LOCALES)


# --- the order ---------------------------------------------------------------------------

def test_bokmal_without_any_hint(client):
    assert served(client.get("/")) == "nb"


@pytest.mark.parametrize("lang", LOCALES)
def test_lang_parameter_is_served_and_remembered(client, lang):
    assert served(client.get(f"/?lang={lang}")) == lang
    assert served(client.get("/")) == lang
    assert served(client.get("/personvern", headers={"Accept-Language": "de"})) == lang


@pytest.mark.parametrize("value", ["de", "no", "xx", "", "nb-NO", "<script>"])
def test_invalid_lang_parameter_is_ignored(client, value):
    assert served(client.get("/", query_string={"lang": value},
                             headers={"Accept-Language": "nn-NO"})) == "nn"
    client.get("/?lang=en")
    assert served(client.get("/", query_string={"lang": value})) == "en"


@pytest.mark.parametrize("header,expected", [
    ("no", "nb"), ("no-NO", "nb"), ("nb-NO", "nb"), ("nb", "nb"), ("NO-no", "nb"),
    ("nn-NO", "nn"), ("nn", "nn"),
    ("en-GB", "en"), ("en-US,en;q=0.9", "en"),
    ("se-NO", "se"),
    ("de", "nb"), ("de-DE,de;q=0.9,fr;q=0.8", "nb"), ("*", "nb"),
    ("de,nn;q=0.5", "nn"), ("sv;q=1.0, nn-NO;q=0.7, en;q=0.5", "nn"),
    ("nn;q=0.3,en-GB;q=0.8", "en"), ("en;q=0.2, no;q=0.9", "nb"),
    ("nn-NO;q=0, en", "en"), ("en-GB;q=0.5, nn-NO", "nn"),
])
def test_accept_language(app, client, header, expected):
    assert served(client.get("/", headers={"Accept-Language": header})) == expected
    with app.app_context():
        assert (parse_accept_language(header) or "nb") == expected


def test_municipality_default_beats_accept_language(client, make_municipality):
    voss = make_municipality("Voss", default_locale="nn")
    asker = make_municipality("Asker", default_locale="nb")
    english = {"Accept-Language": "en-GB,en;q=0.9"}
    assert served(client.get(f"/{voss.slug}/", headers=english)) == "nn"
    assert served(client.get(f"/{voss.slug}/personvern", headers=english)) == "nn"
    assert served(client.get(f"/{asker.slug}/", headers={"Accept-Language": "nn-NO"})) == "nb"
    # outside the municipality, Accept-Language decides again
    assert served(client.get("/", headers=english)) == "en"
    assert served(client.get("/")) == "nb"


def test_lang_parameter_beats_municipality_default(client, make_municipality):
    voss = make_municipality("Voss", default_locale="nn")
    assert served(client.get(f"/{voss.slug}/?lang=en")) == "en"
    assert served(client.get(f"/{voss.slug}/")) == "en"
    assert served(client.get(f"/{voss.slug}/?lang=nb")) == "nb"
    assert served(client.get(f"/{voss.slug}/personvern")) == "nb"


def _forget_lang(client):
    with client.session_transaction() as session:
        session.pop("lang", None)


def test_user_setting_beats_municipality_and_accept_language(client, db, auth, make_user,
                                                             make_municipality):
    voss = make_municipality("Voss", default_locale="nn")
    user = make_user()
    user.locale = "en"
    db.session.commit()
    auth.login(user)
    _forget_lang(client)  # the setting itself decides, not what log-in put in the session
    assert served(client.get(f"/{voss.slug}/", headers={"Accept-Language": "nn-NO"})) == "en"
    assert served(client.get("/", headers={"Accept-Language": "nn-NO"})) == "en"
    user.locale = "se"
    db.session.commit()
    assert served(client.get(f"/{voss.slug}/")) == "se"


def test_lang_parameter_beats_user_setting_and_is_remembered(client, db, auth, make_user):
    user = make_user()
    user.locale = "en"
    db.session.commit()
    auth.login(user)
    assert served(client.get("/")) == "en"
    assert served(client.get("/?lang=nn")) == "nn"
    assert served(client.get("/")) == "nn"


def test_user_without_a_setting_gets_the_municipality_default(client, auth, make_user,
                                                              make_municipality):
    voss = make_municipality("Voss", default_locale="nn")
    auth.login(make_user())
    assert served(client.get(f"/{voss.slug}/", headers={"Accept-Language": "en"})) == "nn"
    assert served(client.get("/", headers={"Accept-Language": "en"})) == "en"


def test_saved_language_setting_applies_after_the_next_log_in(client, db, auth, make_user):
    from tests.conftest import submit

    user = make_user()
    auth.login(user)
    response = submit(client, "/konto/sprak", {"locale": "nn"}, form_url="/konto/")
    assert response.status_code == 302
    assert served(client.get("/")) == "nn"
    auth.logout()
    _forget_lang(client)
    assert served(client.get("/")) == "nb"
    auth.login(user)
    assert served(client.get("/", headers={"Accept-Language": "en"})) == "nn"


# --- <html lang> on every kind of page -----------------------------------------------------

@pytest.fixture
def pages(make_municipality):
    voss = make_municipality("Voss", default_locale="nn")
    return {
        "network page": ("/", 200),
        "network privacy page": ("/personvern", 200),
        "municipality page": (f"/{voss.slug}/", 200),
        "municipality privacy page": (f"/{voss.slug}/personvern", 200),
        "404 page": ("/finnes/ikke/her", 404),
        "404 page for an unknown municipality": ("/ukjent-kommune/", 404),
        "log-in page": ("/konto/logg-inn", 200),
        "404 page for an unknown kommunenummer": ("/k/0000", 404),
    }


@pytest.mark.parametrize("lang", LOCALES)
def test_html_lang_is_the_language_served_on_every_kind_of_page(client, pages, lang):
    client.get(f"/?lang={lang}")
    for name, (url, status) in pages.items():
        response = client.get(url)
        assert response.status_code == status, name
        assert served(response) == lang, name
        if status == 404:
            assert text(lang, "Page not found") in response.get_data(as_text=True), name
    expired = client.post("/konto/logg-inn", data={"email": "a@b.no", "password": "x"})
    assert expired.status_code == 400  # no CSRF token: the "form has expired" page
    assert served(expired) == lang
    assert text(lang, "The form has expired") in expired.get_data(as_text=True)


@pytest.mark.parametrize("header,lang", [("nn-NO", "nn"), ("en-GB", "en"), ("no", "nb")])
def test_404_page_follows_accept_language(client, header, lang):
    response = client.get("/ukjent-kommune/", headers={"Accept-Language": header})
    assert response.status_code == 404
    assert served(response) == lang
    assert text(lang, "We could not find the page you asked for. Check the address, or start "
                      "from the front page.") in response.get_data(as_text=True)


def test_403_page_inside_a_nynorsk_municipality_is_in_nynorsk(client, auth, make_user,
                                                              make_municipality):
    voss = make_municipality("Voss", default_locale="nn")
    auth.login(make_user(municipality=voss, role="resident"))
    response = client.get(f"/{voss.slug}/admin/")
    assert response.status_code == 403
    assert served(response) == "nn"
    assert text("nn", "You do not have access to this page.") in response.get_data(as_text=True)


# --- fallback to bokmål ---------------------------------------------------------------------

def test_missing_sami_strings_fall_back_to_bokmal_in_the_app(app):
    se, nb = catalog("se"), catalog("nb")
    missing = [m for m in se if m.id and not m.string and isinstance(m.id, str) and m.context is None
               and nb.get(m.id) is not None and nb.get(m.id).string]
    assert missing, "every string is translated in se: this test needs one that is not"
    with app.test_request_context("/?lang=se"):
        for message in missing:
            assert gettext(message.id) == nb.get(message.id).string, message.id
        assert gettext(SKIP_LINK) == se.get(SKIP_LINK).string


def test_sami_page_shows_bokmal_never_english_for_missing_strings(client):
    body = client.get("/?lang=se").get_data(as_text=True)
    msgid = "Member municipalities"
    assert text("se", msgid) in body
    if not catalog("se").get(msgid).string:
        assert catalog("nb").get(msgid).string in body
        assert msgid not in body


@pytest.fixture
def partial_catalogs(tmp_path):
    """nb complete; nn and se missing strings; en empty."""
    strings = {
        "nb": {"Hello": "Hei", "Only in bokmål": "Bare på bokmål",
               ("%(num)d idea", "%(num)d ideas"): ("%(num)d idé", "%(num)d ideer")},
        "nn": {"Hello": "Hei på deg"},
        "se": {"Hello": "Bures"},
        "en": {},
    }
    for locale, messages in strings.items():
        cat = Catalog(locale=locale)
        for msgid, msgstr in messages.items():
            cat.add(msgid, msgstr)
        folder = tmp_path / locale / "LC_MESSAGES"
        folder.mkdir(parents=True)
        with (folder / "messages.mo").open("wb") as handle:
            write_mo(handle, cat)
    return FallbackDomain(translation_directories=str(tmp_path), domain="messages")


@pytest.mark.parametrize("locale,hello,missing,ideas", [
    ("nn", "Hei på deg", "Bare på bokmål", "3 ideer"),
    ("se", "Bures", "Bare på bokmål", "3 ideer"),
    ("nb", "Hei", "Bare på bokmål", "3 ideer"),
    ("en", "Hello", "Only in bokmål", "3 ideas"),
])
def test_fallback_domain(app, partial_catalogs, locale, hello, missing, ideas):
    with app.test_request_context(), force_locale(locale):
        assert partial_catalogs.gettext("Hello") == hello
        assert partial_catalogs.gettext("Only in bokmål") == missing
        assert partial_catalogs.ngettext("%(num)d idea", "%(num)d ideas", 3) == ideas


def test_app_uses_the_fallback_domain(app):
    assert isinstance(app.extensions["babel"].instance.domain_instance, FallbackDomain)


# --- dates and times ------------------------------------------------------------------------

UTC = timezone.utc


@pytest.mark.parametrize("locale,value,expected", [
    ("nb", datetime(2026, 11, 27, 13, 0, tzinfo=UTC), "27. november 2026 kl. 14.00"),
    ("nn", datetime(2026, 11, 27, 13, 0, tzinfo=UTC), "27. november 2026 kl. 14.00"),
    ("en", datetime(2026, 11, 27, 13, 0, tzinfo=UTC), "27 November 2026 at 14:00"),
    # naive values are UTC (SQLite drops the zone)
    ("nb", datetime(2026, 11, 27, 13, 0), "27. november 2026 kl. 14.00"),
    # summer time (CEST, UTC+2)
    ("nb", datetime(2026, 7, 1, 10, 5, tzinfo=UTC), "1. juli 2026 kl. 12.05"),
    ("nn", datetime(2026, 5, 17, 7, 0, tzinfo=UTC), "17. mai 2026 kl. 09.00"),
    # spring forward, 28 March 2027: 02.00 CET becomes 03.00 CEST at 01.00 UTC
    ("nb", datetime(2027, 3, 28, 0, 30, tzinfo=UTC), "28. mars 2027 kl. 01.30"),
    ("nb", datetime(2027, 3, 28, 1, 30, tzinfo=UTC), "28. mars 2027 kl. 03.30"),
    ("nn", datetime(2027, 3, 28, 1, 0, tzinfo=UTC), "28. mars 2027 kl. 03.00"),
    ("en", datetime(2027, 3, 28, 1, 30, tzinfo=UTC), "28 March 2027 at 03:30"),
    # fall back, 25 October 2026: 03.00 CEST becomes 02.00 CET at 01.00 UTC; 02.30 happens twice
    ("nb", datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "25. oktober 2026 kl. 02.30"),
    ("nb", datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "25. oktober 2026 kl. 02.30"),
    ("nn", datetime(2026, 10, 25, 2, 30, tzinfo=UTC), "25. oktober 2026 kl. 03.30"),
    ("en", datetime(2026, 10, 25, 0, 59, tzinfo=UTC), "25 October 2026 at 02:59"),
    # New Year's Eve in UTC is already New Year's Day in Oslo
    ("nb", datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "1. januar 2027 kl. 00.30"),
])
def test_format_datetime(app, locale, value, expected):
    with app.test_request_context(), force_locale(locale):
        assert format_datetime(value) == expected


@pytest.mark.parametrize("locale,expected", [
    ("nb", "1. januar 2027"), ("nn", "1. januar 2027"), ("en", "1 January 2027"),
])
def test_format_date_uses_the_oslo_day(app, locale, expected):
    with app.test_request_context(), force_locale(locale):
        assert format_date(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == expected


def test_templates_format_dates_in_the_page_language(app):
    value = datetime(2026, 11, 27, 13, 0, tzinfo=UTC)
    with app.test_request_context("/?lang=nn"):
        assert render_template_string("{{ value|datetime }}", value=value) == \
            "27. november 2026 kl. 14.00"
    with app.test_request_context("/?lang=en"):
        assert render_template_string("{{ value|date }}", value=value) == "27 November 2026"
    with app.test_request_context("/"):
        assert format_datetime(None) == "" and format_date(None) == ""


def test_locale_filters_on_constants_follow_each_request(app):
    template = app.jinja_env.from_string("{{ 1250000|nok }}")
    with app.test_request_context("/?lang=en"):
        english = template.render()
    with app.test_request_context("/?lang=nb"):
        norwegian = template.render()
    assert english.startswith("NOK") and norwegian.endswith("kr")
