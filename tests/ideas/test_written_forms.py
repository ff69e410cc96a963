"""Ideas and comments in both written forms: the form each was written in, and "Vis på nynorsk" /
"Vis på bokmål" (machine translation, app/ideas/translated.py)."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.core.translation import Apertium, MachineTranslation, TranslationUnavailable
from app.ideas.models import Idea, IdeaComment
from app.municipalities.models import Malform
from tests.conftest import require, submit
from tests.queries import recorded_queries

BOKMAL_BODY = ("Vi ønsker innspill fra deg om parken.\n\n"
               "- benker fra kommunen\n- lys langs stien\n\n"
               "Les [planen fra kommunen](https://www.example.no/fra/plan) først.")


@pytest.fixture
def apertium(app):
    require(Apertium().pairs() >= {("nb", "nn"), ("nn", "nb")},
            "Debian's apertium and apertium-nno-nob are not installed")


@pytest.fixture
def voss(db, make_municipality, make_user, make_idea):
    """A nynorsk municipality with a bokmål idea: an English reader there reads nynorsk."""
    municipality = make_municipality("Voss", malform=Malform.nynorsk)
    author = make_user(role="resident", municipality=municipality, name="Berit Bokmål")
    idea = make_idea(municipality, author, title="Benker fra kommunen", body=BOKMAL_BODY)
    idea.written_form = "nb"
    db.session.commit()
    return municipality, author, idea


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def rows(db):
    return {row.subject: row for row in db.session.scalars(select(MachineTranslation))}


# --- the written form recorded ---------------------------------------------------------------

def test_written_form_follows_the_interface_language(client, auth, db, make_municipality,
                                                     make_user):
    municipality = make_municipality("Asker")
    user = make_user(role="resident", municipality=municipality)
    auth.login(user)
    submit(client, "/asker/ideer/ny?lang=nn", {
        "title": "Benkar i parken", "theme": "mobilitet",
        "body": "Vi ønskjer fleire benkar i parken, takk."})
    idea = db.session.scalar(select(Idea))
    assert idea.written_form == "nn"
    submit(client, f"/asker/ideer/{idea.id}/kommentarer?lang=nb", {"body": "Godt forslag!"},
           form_url=f"/asker/ideer/{idea.id}?lang=nb")
    comment = db.session.scalar(select(IdeaComment))
    assert comment.written_form == "nb"
    # kept on edit, whatever the language of the edit
    submit(client, f"/asker/ideer/{idea.id}/kommentarer/{comment.id}/rediger?lang=nn",
           {"body": "Godt forslag, dette!"})
    db.session.refresh(comment)
    assert comment.body == "Godt forslag, dette!" and comment.written_form == "nb"


def test_written_form_falls_back_to_the_municipality(client, auth, db, make_municipality,
                                                     make_user, make_idea):
    voss = make_municipality("Voss", malform=Malform.nynorsk)
    user = make_user(role="resident", municipality=voss)
    auth.login(user)
    submit(client, "/voss/ideer/ny?lang=en", {
        "title": "Benkar i parken", "theme": "mobilitet",
        "body": "Vi ønskjer fleire benkar i parken, takk."})
    assert db.session.scalar(select(Idea)).written_form == "nn"  # English interface: Voss's form
    # without a request (demo data, the command line): the municipality's form
    assert make_idea(make_municipality("Asker"), user).written_form == "nb"


# --- the link --------------------------------------------------------------------------------

def test_link_only_when_the_forms_differ(client, db, apertium, voss):
    _, _, idea = voss
    # an English reader in Voss reads nynorsk; the idea is in bokmål
    html = page(client, f"/voss/ideer/{idea.id}?lang=en")
    assert f'href="/voss/ideer/{idea.id}?omsett=nn"' in html and "Show in nynorsk" in html
    # a bokmål reader reads the idea as written: no link
    html = page(client, f"/voss/ideer/{idea.id}?lang=nb")
    assert "omsett=" not in html
    idea.written_form = "nn"
    db.session.commit()
    html = page(client, f"/voss/ideer/{idea.id}?lang=nb")
    assert f'href="/voss/ideer/{idea.id}?omsett=nb"' in html
    assert "omsett=" not in page(client, f"/voss/ideer/{idea.id}?lang=nn")
    assert not rows(db)  # offering the link translates nothing


def test_norwegian_words_on_the_link_and_the_mark(client, db, apertium, voss):
    _, _, idea = voss
    assert "Vis på nynorsk" in page(client, f"/voss/ideer/{idea.id}?lang=nn")
    html = page(client, f"/voss/ideer/{idea.id}?omsett=nn")
    assert "Maskinomsett frå bokmål" in html and "Vis originalen" in html
    idea.written_form = "nn"
    db.session.commit()
    assert "Vis på bokmål" in page(client, f"/voss/ideer/{idea.id}?lang=nb")
    html = page(client, f"/voss/ideer/{idea.id}?omsett=nb")
    assert "Maskinoversatt fra nynorsk" in html


def test_engine_off_no_link_and_the_parameter_ignored(app, client, db, voss, monkeypatch):
    _, _, idea = voss
    monkeypatch.setitem(app.config, "TRANSLATION_ENGINE", "")
    html = page(client, f"/voss/ideer/{idea.id}?lang=en")
    assert "omsett=" not in html and "Show in nynorsk" not in html
    html = page(client, f"/voss/ideer/{idea.id}?omsett=nn")
    assert "Vi ønsker innspill fra deg" in html and "machine-translation" not in html
    assert not rows(db)


def test_unknown_form_is_ignored(client, db, apertium, voss):
    _, _, idea = voss
    for value in ("se", "", "nnn", "../", "nb"):  # "nb": not the reader's (English in Voss: nn)
        html = page(client, f"/voss/ideer/{idea.id}?lang=en&omsett={value}")
        assert "machine-translation" not in html
    assert not rows(db)


# --- the translated page ---------------------------------------------------------------------

def test_translated_page_is_marked_and_keeps_the_original(client, db, apertium, voss,
                                                          make_user, make_comment):
    municipality, author, idea = voss
    neighbour = make_user(role="resident", municipality=municipality, name="Nils Nynorsk")
    own = make_comment(idea, neighbour, "Eg er einig, dette vil vi gjerne ha.")  # nn (Voss)
    other = make_comment(idea, author, "Takk for at dere vil høre fra oss.")
    other.written_form = "nb"
    db.session.commit()
    html = page(client, f"/voss/ideer/{idea.id}?lang=en&omsett=nn")
    # the title and body, translated, marked, with lang attributes
    assert re.search(r'<h1 id="idea-title" lang="nn">Benker frå kommunen</h1>', html)
    body = re.search(r'<div class="content" lang="nn">(.*?)</div>', html, re.S).group(1)
    assert "Vi ønskjer innspel frå deg" in body
    assert html.count("Machine-translated from bokmål") == 2  # the idea and the bokmål comment
    assert f'<a href="/voss/ideer/{idea.id}">Show the original</a>' in html
    assert f'href="/voss/ideer/{idea.id}#kommentar-{other.id}">Show the original' in html
    # the comment in bokmål translated, the one in nynorsk as written and not marked
    assert "Takk for at de vil høyre frå oss." in html or "frå oss" in html
    mine = html.split(f'id="kommentar-{own.id}"')[1].split("</article>")[0]
    assert "Eg er einig, dette vil vi gjerne ha." in mine and "machine-translation" not in mine
    # the originals are untouched and the page without the parameter shows them
    db.session.refresh(idea)
    assert idea.title == "Benker fra kommunen" and "innspill fra deg" in idea.body_html
    assert set(rows(db)) == {f"idea:{idea.id}:title", f"idea:{idea.id}:body",
                             f"comment:{other.id}:body"}
    html = page(client, f"/voss/ideer/{idea.id}")
    assert "Benker fra kommunen" in html and "machine-translation" not in html


def test_links_and_markup_in_the_body_survive(client, db, apertium, voss):
    _, _, idea = voss
    html = page(client, f"/voss/ideer/{idea.id}?lang=en&omsett=nn")
    body = re.search(r'<div class="content" lang="nn">(.*?)</div>', html, re.S).group(1)
    original = idea.body_html
    assert re.findall(r"<[^>]+>", body) == re.findall(r"<[^>]+>", original)  # every tag, in order
    assert '<a href="https://www.example.no/fra/plan" rel="nofollow ugc noopener noreferrer">' in body
    assert body.count("<li>") == 2 and "frå kommunen" in body


def test_edited_texts_are_translated_again(client, auth, db, apertium, voss, make_comment):
    municipality, author, idea = voss
    comment = make_comment(idea, author, "Dette er fra meg.")
    comment.written_form = "nb"
    db.session.commit()
    page(client, f"/voss/ideer/{idea.id}?lang=en&omsett=nn")
    assert "frå meg" in rows(db)[f"comment:{comment.id}:body"].text
    auth.login(author)
    submit(client, f"/voss/ideer/{idea.id}/kommentarer/{comment.id}/rediger",
           {"body": "Dette er ikke fra meg likevel."})
    idea.title = "Lys fra kommunen"
    db.session.commit()
    html = page(client, f"/voss/ideer/{idea.id}?omsett=nn")
    assert "ikkje frå meg" in html and "Lys frå kommunen" in html
    cached = rows(db)
    assert "ikkje" in cached[f"comment:{comment.id}:body"].text
    assert cached[f"idea:{idea.id}:title"].text == "Lys frå kommunen"
    assert len(cached) == 3  # overwritten, not added
    db.session.refresh(comment)
    assert comment.body == "Dette er ikke fra meg likevel."


def test_query_budget(app, client, db, apertium, voss, make_comment, monkeypatch):
    municipality, author, idea = voss

    def add_comments(n):
        for i in range(n):  # noqa: B007
            made = make_comment(idea, author, f"Kommentar nummer {n}-{i} fra meg.")
            made.written_form = "nb"
        db.session.commit()

    def queries(url):
        with recorded_queries(db.engine) as statements:
            page(client, url)
        return len(statements)

    url = f"/voss/ideer/{idea.id}?lang=en"
    page(client, url)  # the language is remembered from here on
    url = f"/voss/ideer/{idea.id}"
    add_comments(2)
    plain = queries(url)
    monkeypatch.setitem(app.config, "TRANSLATION_ENGINE", "")
    assert queries(url) == plain  # the link costs no query
    monkeypatch.setitem(app.config, "TRANSLATION_ENGINE", "apertium")
    first, cached = queries(url + "?omsett=nn"), queries(url + "?omsett=nn")
    add_comments(6)
    assert queries(url) == plain  # comments' authors are not this feature's queries
    # making six new translations: one engine call, at most one INSERT each (one statement
    # where the driver batches them)
    assert queries(url + "?omsett=nn") - first <= 6
    assert queries(url + "?omsett=nn") == cached == plain + 1  # one query reads them all


def test_comment_in_the_other_form_offers_the_link(client, db, apertium, voss, make_user,
                                                   make_comment):
    municipality, _, idea = voss
    idea.written_form = "nn"  # the idea in the reader's form, one comment not
    db.session.commit()
    neighbour = make_user(role="resident", municipality=municipality)
    comment = make_comment(idea, neighbour, "Dette vil jeg gjerne ha fra kommunen.")
    comment.written_form = "nb"
    db.session.commit()
    html = page(client, f"/voss/ideer/{idea.id}?lang=en")
    assert f'href="/voss/ideer/{idea.id}?omsett=nn"' in html
    html = page(client, f"/voss/ideer/{idea.id}?omsett=nn")
    assert "Benker fra kommunen</h1>" in html  # the idea as written
    assert "frå kommunen." in html and html.count("Machine-translated from bokmål") == 1
    assert set(rows(db)) == {f"comment:{comment.id}:body"}


def test_a_failing_engine_shows_the_page_as_written(client, db, apertium, voss, monkeypatch):
    _, _, idea = voss

    def fail(*args, **kwargs):
        raise TranslationUnavailable("the engine fell over")

    monkeypatch.setattr("app.ideas.translated.cached_translations", fail)
    html = page(client, f"/voss/ideer/{idea.id}?lang=en&omsett=nn")
    assert "Vi ønsker innspill fra deg" in html and "machine-translation" not in html
    assert "The machine translation is not available right now." in html
