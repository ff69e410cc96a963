"""A resident, a moderator and an admin walk every page they reach by GET from their start pages,
in bokmål and in nynorsk, on the demo data; no page shows an English message id.

The check itself is tested first, on a synthetic page: it must find the English that is there
and leave alone what is in another language on purpose (`lang` attributes) or not shown.
"""
from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from app.demo import PASSWORD, load_demo_data
from tests.conftest import Auth
from tests.i18n.english import english_in, english_on_page, english_patterns, visible_text
from tests.i18n.walk import page_key, report, walk

pytestmark = pytest.mark.usefixtures("compiled_catalogs")

MUNICIPALITY = "asker"
ROLES = {
    "resident": "innbygger@demo.tinget.no",
    "moderator": f"moderator.{MUNICIPALITY}@demo.tinget.no",
    "admin": f"admin.{MUNICIPALITY}@demo.tinget.no",
}
STARTS = ["/", f"/{MUNICIPALITY}/", "/konto/", f"/{MUNICIPALITY}/moderering/",
          f"/{MUNICIPALITY}/admin/"]
PAGES_PER_WALK = 150


# --- the check, on a synthetic page ------------------------------------------------------

SYNTHETIC = """<!doctype html>
<html lang="{lang}"><head><title>Tinget</title>
<style>.x::after {{ content: "Skip to main content" }}</style>
<script>const text = "Skip to main content";</script></head>
<body>
<a href="#main">{skip}</a>
<nav><a href="/?lang=en" lang="en">English</a></nav>
<article lang="en"><p>Skip to main content, written by a resident in English.</p></article>
<main id="main"><p>Her er det {count} ideer.</p>
<p>Endret: <code>{{"state": "published"}}</code></p>{english}</main>
</body></html>"""


def synthetic(lang="nb", skip="Hopp til hovedinnholdet", english="", count="3"):
    return SYNTHETIC.format(lang=lang, skip=skip, english=english, count=count)


def test_visible_text_leaves_out_scripts_styles_and_other_languages():
    page = visible_text(synthetic())
    assert page.lang == "nb"
    assert "Hopp til hovedinnholdet" in page.text and "Her er det 3 ideer." in page.text
    assert "Skip to main content" not in page.text and "English" not in page.text
    assert "published" not in page.text


def test_the_check_passes_a_norwegian_page():
    assert english_on_page(synthetic(), "nb") == []
    assert english_on_page(synthetic("nn", "Hopp til hovudinnhaldet"), "nn") == []


@pytest.mark.parametrize("english,msgid", [
    ("<p>Skip to main content</p>", "Skip to main content"),           # a whole message
    ('<button aria-label="Skip to main content">x</button>', "Skip to main content"),
    ("<label><input type=checkbox> 1. No poverty</label>", "No poverty"),  # inside a label
    ("<p>0 ideas</p>", "%(num)s ideas"),                                # a plural, with its number
    ('<p lang="nb">Skip to  main\n content</p>', "Skip to main content"),  # nb is the page's lang
])
def test_the_check_finds_english_on_a_norwegian_page(english, msgid):
    hits = english_on_page(synthetic(english=english), "nb")
    assert any(f"msgid {msgid!r}" in hit for hit in hits), hits


def test_the_check_finds_the_english_skip_link_in_nynorsk():
    assert english_on_page(synthetic("nn", "Skip to main content"), "nn")


def test_the_check_ignores_short_and_shared_words():
    """"Yes" (Ja) is too short to tell English from a name or a quote; "Status" is Norwegian too."""
    patterns = english_patterns("nb")
    ids = {message.msgid for message in patterns}
    assert "Skip to main content" in ids and "%(num)s ideas" in ids
    assert "Yes" not in ids and "Status" not in ids
    assert not english_in("Yes\nStatus\nE-post\nTinget", patterns)


@pytest.mark.parametrize("href,key", [
    ("/asker/ideer/?side=2&tema=mobilitet", "/asker/ideer/?side=2"),
    ("/asker/ideer/?tema=mobilitet#top", "/asker/ideer/"),
    ("http://localhost/konto/", "/konto/"),
    ("https://www.regjeringen.no/", None),
    ("//example.org/", None),
    ("/?lang=nn", None),
    ("/konto/logg-ut", None),
    ("/asker/admin/eksport.csv", None),
    ("/filer/12/plan.pdf", None),
    ("mailto:post@asker.kommune.no", None),
])
def test_which_links_are_followed(href, key):
    assert page_key(href, "http://localhost/asker/") == key


# --- the walk ----------------------------------------------------------------------------

def row_counts(db) -> dict[str, int]:
    """Rows per table: a walk of GETs must leave them as they were."""
    db.session.rollback()
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


@pytest.fixture
def demo(app, db):
    load_demo_data(echo=lambda text: None)
    db.session.commit()


def test_no_english_on_any_page_a_resident_moderator_or_admin_reaches(app, db, demo):
    started, walks, changed = time.monotonic(), {}, []
    for role, email in ROLES.items():
        for locale in ("nb", "nn"):
            client = app.test_client()
            Auth(client).login(email, PASSWORD)
            client.get(f"/?lang={locale}")  # remembered in the session from here on
            before = row_counts(db)
            walks[f"{role}/{locale}"] = walk(client, STARTS, locale, PAGES_PER_WALK)
            changed += [f"[{role}/{locale}] a GET changed {table}" for table, count
                        in row_counts(db).items() if count != before[table]]
    counts = {label: len(result.visited) for label, result in walks.items()}
    problems = report(walks) + changed
    assert min(counts.values()) >= 20, f"the walk reached too few pages: {counts}"
    assert not problems, (f"English (or a broken page) in {counts} pages walked "
                          f"in {time.monotonic() - started:.0f} s:\n" + "\n".join(problems))
