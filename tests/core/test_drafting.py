"""Machine drafts of the other written form and their review (app/core/drafting.py)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.core.drafting import (
    DraftError, check_publishable, draft_other_form, draft_source, mark_reviewed,
)
from app.core.translation import Apertium
from tests.conftest import require


class Drafted(SimpleNamespace):
    @property
    def needs_review(self):
        return self.machine_drafted is not None and self.draft_reviewed_at is None


@pytest.fixture
def apertium(app):
    require(("nb", "nn") in Apertium().pairs(), "Debian's apertium-nno-nob is not installed")
    with app.app_context():
        yield app


def test_the_other_form_is_drafted_in_one_engine_call(apertium, monkeypatch):
    calls = []
    real = Apertium.translate_segments

    def counting(self, segments, source, target):
        calls.append(len(segments))
        return real(self, segments, source, target)

    monkeypatch.setattr(Apertium, "translate_segments", counting)
    consultation = Drafted(title_nb="Vi ønsker innspill", title_nn=None,
                           body_nb="Svar fra deg", body_nn="Eigen tekst",
                           machine_drafted=None, draft_reviewed_at=None, draft_reviewed_by_id=None)
    questions = [Drafted(text_nb=f"Spørsmål {n} fra kommunen", text_nn="") for n in range(12)]
    texts = [(consultation, "title"), (consultation, "body"), *((q, "text") for q in questions)]
    assert draft_source(texts) == "nb"
    assert draft_other_form(consultation, texts, "nb") == 13
    assert calls == [13]
    assert consultation.title_nn == "Vi ønskjer innspel"
    assert consultation.body_nn == "Eigen tekst"  # a filled field is left alone
    assert [q.text_nn for q in questions] == [f"Spørsmål {n} frå kommunen" for n in range(12)]
    assert consultation.machine_drafted == "nn" and consultation.needs_review
    with pytest.raises(DraftError):
        check_publishable(consultation)
    mark_reviewed(consultation, SimpleNamespace(id=7))
    assert consultation.draft_reviewed_by_id == 7 and consultation.draft_reviewed_at is not None
    check_publishable(consultation)
    # a new draft (replace) overwrites and needs a new review
    assert draft_other_form(consultation, texts[:2], "nb", replace=True) == 2
    assert consultation.body_nn == "Svar frå deg" and consultation.needs_review


def test_nothing_to_draft_and_no_engine_are_refused(app):
    done = Drafted(title_nb="Tittel", title_nn="Tittel", machine_drafted=None,
                   draft_reviewed_at=None, draft_reviewed_by_id=None)
    assert draft_source([(done, "title")]) is None
    with app.app_context():
        app.config["TRANSLATION_ENGINE"] = ""
        try:
            with pytest.raises(DraftError):
                draft_other_form(done, [(done, "title")], "nb")
        finally:
            app.config["TRANSLATION_ENGINE"] = "apertium"
    with pytest.raises(DraftError):
        mark_reviewed(done, None)  # no machine draft to review
