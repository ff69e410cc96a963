"""The catalogs are complete: nb, nn and en translate every message in the source, no entry is
fuzzy, placeholders survive translation, and the compiled .mo files match their .po files.

Messages are extracted fresh from the source (babel.cfg, the Makefile's keywords), so a string
added in code without `make messages` fails here as "missing".
"""
from __future__ import annotations

import pytest

from tests.i18n.catalogs import (
    COMPLETE, LOCALES, describe, extract_source, format_error, forms, is_translated, load_po,
    makefile_keywords, mo_is_current, mo_path, placeholders,
)

FIX = "Run `make messages`, translate the new strings in translations/<locale>/LC_MESSAGES/messages.po"


@pytest.fixture(scope="module")
def source():
    return extract_source()


def source_messages(source):
    return [message for message in source if message.id]


def test_extraction_uses_the_makefiles_keywords_and_finds_messages(source):
    assert {"_l", "lazy_gettext", "N_"} <= set(makefile_keywords())
    ids = {message.id for message in source_messages(source)}
    # one from a template, one from Python (lazy_gettext as _l), one from a .txt mail template
    assert {"Skip to main content", "Default written form",
            "Confirm your e-mail address for Tinget by opening this link:"} <= ids


@pytest.mark.parametrize("locale", COMPLETE)
def test_every_source_message_is_translated(source, locale):
    catalog = load_po(locale)
    problems = []
    for message in source_messages(source):
        entry = catalog.get(message.id, context=message.context)
        if entry is None:
            problems.append(f"missing       {describe(message)}")
        elif entry.fuzzy:
            problems.append(f"fuzzy         {describe(message)}")
        elif not is_translated(entry):
            problems.append(f"untranslated  {describe(message)}")
    assert not problems, (f"{locale}: {len(problems)} of {len(source_messages(source))} messages "
                          f"need work. {FIX}, then `pybabel compile -d translations -f`:\n  "
                          + "\n  ".join(problems))


@pytest.mark.parametrize("locale", LOCALES)
def test_no_fuzzy_entries_or_header(locale):
    catalog = load_po(locale)
    assert not catalog.fuzzy, f"{locale}: the catalog header is marked fuzzy"
    fuzzy = [describe(message) for message in catalog if message.id and message.fuzzy]
    assert not fuzzy, f"{locale}: fuzzy entries (review, then remove the flag):\n  " + "\n  ".join(fuzzy)


@pytest.mark.parametrize("locale", LOCALES)
def test_placeholders_match_the_msgid(locale):
    problems = []
    for message in load_po(locale):
        if not message.id or not is_translated(message):
            continue
        expected = set().union(*(placeholders(msgid) for msgid in forms(message.id)))
        translations = forms(message.string)
        for text in translations:
            found = placeholders(text)
            if len(translations) == 1 and found != placeholders(forms(message.id)[0]):
                problems.append(f"{describe(message)}: {dict(found)} in {text!r}")
            elif not set(found) <= expected:
                problems.append(f"{describe(message)}: unknown {set(found) - expected} in {text!r}")
            if format_error(forms(message.id)[0]) is None and format_error(text):
                problems.append(f"{describe(message)}: {format_error(text)} in {text!r} "
                                "(write a literal per cent sign as %%)")
        if len(translations) > 1:
            used = set().union(*(placeholders(text) for text in translations))
            if used != expected:
                problems.append(f"{describe(message)}: plural forms use {used}, msgid {expected}")
    assert not problems, f"{locale}: placeholders differ from the msgid:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalog_matches_its_po(locale):
    assert mo_path(locale).exists(), (
        f"{mo_path(locale)} is missing: run `pybabel compile -d translations -f` (make translations)")
    assert mo_is_current(locale), (
        f"{mo_path(locale)} is older than its .po: run `pybabel compile -d translations -f`")


def test_sami_translates_the_interface_chrome():
    """se need not be complete, but the header, menu, footer and error pages are in Sami."""
    catalog = load_po("se")
    chrome = ["Skip to main content", "Language", "Main menu", "Log in", "Log out", "Register",
              "My account", "Privacy", "Page not found", "Something went wrong", "No access",
              "Go to the front page", "Error code: %(code)s"]
    untranslated = [msgid for msgid in chrome
                    if catalog.get(msgid) is None or not catalog.get(msgid).string]
    assert not untranslated, f"se: interface chrome without a Sami text: {untranslated}"
