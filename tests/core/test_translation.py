"""The translation interface (app/core/translation.py) with the real Apertium on this machine."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.core import translation
from app.core.translation import (
    Apertium, MachineTranslation, TranslationUnavailable, cached_translation, can_translate,
    translate_html, translate_text,
)
from tests.conftest import require


@pytest.fixture
def apertium(app):
    require(Apertium().pairs() >= {("nb", "nn"), ("nn", "nb")},
            "Debian's apertium and apertium-nno-nob are not installed")
    with app.app_context():
        yield app


@pytest.fixture
def context(app):
    with app.app_context():
        yield app


def test_known_words_both_ways(apertium):
    nynorsk = translate_text("Kommunen ønsker innspill fra innbyggerne.", "nb", "nn")
    assert "ønskjer" in nynorsk and "frå" in nynorsk and "innspel" in nynorsk
    assert nynorsk.endswith(".")
    bokmal = translate_text("Kommunen ønskjer innspel frå innbyggjarane.", "nn", "nb")
    assert bokmal == "Kommunen ønsker innspill fra innbyggerne."


def test_municipal_text_round_trip_keeps_its_meaning(apertium):
    original = ("Planen gjelder for hele kommunen. Vi ønsker å høre fra deg før vi bestemmer "
                "oss. Høringsfristen er 1. mars.")
    there = translate_text(original, "nb", "nn")
    # nynorsk as municipalities write it: e-infinitive and "vi"
    assert there == ("Planen gjeld for heile kommunen. Vi ønskjer å høyre frå deg før vi "
                     "bestemmer oss. Høyringsfristen er 1. mars.")
    assert translate_text(there, "nn", "nb") .startswith("Planen gjelder for hele kommunen.")


def test_markdown_links_and_addresses_survive(apertium):
    text = ("Les **planen** fra oss på https://www.example.no/fra/plan?side=fra og "
            "[kartet fra kommunen](https://kart.example.no/fra) eller skriv til post@fra.no.\n\n"
            "- punkt fra oss\n- neste punkt")
    out = translate_text(text, "nb", "nn")
    for kept in ("https://www.example.no/fra/plan?side=fra", "](https://kart.example.no/fra)",
                 "post@fra.no", "**", "\n\n- ", "\n- "):
        assert kept in out
    assert "frå oss" in out


def test_html_markup_and_links_survive_unchanged(apertium):
    html = ('<p>Se <a href="https://www.example.no/fra" rel="nofollow ugc">lenken fra oss</a> '
            '&amp; <strong>svar fra</strong> &lt;dere&gt;.</p><pre><code>fra = 1</code></pre>')
    out = translate_html(html, "nb", "nn")
    assert '<a href="https://www.example.no/fra" rel="nofollow ugc">' in out
    assert "lenkja frå oss</a>" in out and "<strong>svar frå</strong>" in out
    assert "&amp; <strong>" in out and "&lt;de&gt;." in out
    assert "<pre><code>fra = 1</code></pre>" in out
    # the tags are the same tags, in the same order
    assert re.findall(r"<[^>]+>", out) == re.findall(r"<[^>]+>", html)


def test_text_the_stream_format_reserves_is_passed_through(apertium):
    out = translate_text("Pris [ca] 50 $ ^ @ * {x} \\ a/b <ikke tagg> fra oss", "nb", "nn")
    assert out == "Pris [ca] 50 $ ^ @ * {x} \\ a/b <ikkje tagg> frå oss"


def test_many_segments_in_one_call_stay_in_order(apertium):
    segments = [f"Sak {n} fra kommunen" for n in range(200)]
    out = Apertium().translate_segments(segments, "nb", "nn")
    assert out == [f"Sak {n} frå kommunen" for n in range(200)]


def test_cache_is_used_until_the_original_changes(apertium, db):
    first = cached_translation("idea:1:body", "Vi ønsker sykkelvei fra skolen.", "nb", "nn")
    assert "frå" in first.text and first.engine == "apertium"
    again = cached_translation("idea:1:body", "Vi ønsker sykkelvei fra skolen.", "nb", "nn")
    assert again.text == first.text
    edited = cached_translation("idea:1:body", "Vi ønsker benker fra kommunen.", "nb", "nn")
    assert edited.text == "Vi ønskjer benker frå kommunen."
    assert db.session.scalar(select(func.count()).select_from(MachineTranslation)) == 1
    translation.forget_translations("idea:1:")
    assert db.session.scalar(select(func.count()).select_from(MachineTranslation)) == 0


def test_without_an_engine_the_feature_is_off(app, db):
    app.config["TRANSLATION_ENGINE"] = ""
    try:
        assert not can_translate("nb", "nn")
        with pytest.raises(TranslationUnavailable):
            cached_translation("idea:2:body", "Hei fra oss", "nb", "nn")
    finally:
        app.config["TRANSLATION_ENGINE"] = "apertium"


def test_a_missing_program_is_no_engine(context):
    missing = Apertium(executable="/nonexistent/apertium")
    assert missing.pairs() == frozenset()
    with pytest.raises(TranslationUnavailable):
        missing.translate_segments(["Hei"], "nb", "nn")


def test_another_engine_can_be_registered(context):
    app = context
    class Upper:
        name = "upper"

        def pairs(self):
            return frozenset({("nb", "se")})

        def translate_segments(self, segments, source, target):
            return [segment.upper() for segment in segments]

    translation.register_engine("upper", Upper)
    app.config["TRANSLATION_ENGINE"] = "upper"
    try:
        assert can_translate("nb", "se") and not can_translate("nb", "nn")
        assert translate_html('<p>hei <a href="https://x.no/a">der</a></p>', "nb", "se") == \
            '<p>HEI <a href="https://x.no/a">DER</a></p>'
    finally:
        app.config["TRANSLATION_ENGINE"] = "apertium"


def test_many_texts_in_one_query_and_one_engine_call(apertium, db, monkeypatch):
    calls = []
    real = Apertium.translate_segments

    def counting(self, segments, source, target):
        calls.append(len(segments))
        return real(self, segments, source, target)

    monkeypatch.setattr(Apertium, "translate_segments", counting)
    texts = [(f"comment:{n}:body", f"<p>Svar {n} fra oss</p>", True) for n in range(30)]
    made = translation.cached_translations(texts, "nb", "nn")
    assert [made[f"comment:{n}:body"].text for n in range(30)] == \
        [f"<p>Svar {n} frå oss</p>" for n in range(30)]
    assert calls == [30]
    # unchanged originals come from the cache without the engine; one changed text is made again
    texts[7] = ("comment:7:body", "<p>Endret svar fra meg</p>", True)
    again = translation.cached_translations(texts, "nb", "nn")
    assert calls == [30, 1] and again["comment:7:body"].text == "<p>Endra svar frå meg</p>"
    assert again["comment:8:body"].text == "<p>Svar 8 frå oss</p>"
