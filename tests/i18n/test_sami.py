"""A Sami page shows Sami, or bokmål where Sami has no translation yet, never English: plurals
included (Babel fills an untranslated plural with the English msgids; app.core.i18n drops those
so the lookup falls through to bokmål)."""
from __future__ import annotations

import pytest

from sqlalchemy import select

from app.accounts.models import Role
from app.demo import load_demo_data
from app.municipalities.models import Municipality
from tests.i18n.english import english_on_page, visible_text
from tests.i18n.walk import report, walk
from tests.ideas.factories import create_idea

pytestmark = pytest.mark.usefixtures("compiled_catalogs")


@pytest.fixture
def sami_municipality(make_municipality):
    return make_municipality("Guovdageaidnu", slug="guovdageaidnu", sami_name="Guovdageaidnu",
                             enabled_locales="nb,nn,en,se")


@pytest.mark.parametrize("ideas,count_text", [(0, "0 ideer"), (1, "1 idé"), (2, "2 ideer")])
def test_the_ideas_list_counts_in_bokmal_not_english(client, make_user, sami_municipality,
                                                     ideas, count_text):
    author = make_user(role=Role.resident, municipality=sami_municipality)
    for _ in range(ideas):
        create_idea(sami_municipality, author)
    response = client.get(f"/{sami_municipality.slug}/ideer/?lang=se")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert english_on_page(html, "se") == []
    text = visible_text(html).text
    assert f"{ideas} idea" not in text
    assert count_text in text.splitlines(), "the count is not in bokmål"


def test_no_english_on_kautokeinos_public_pages_in_sami(app, db, client, make_user):
    load_demo_data(echo=lambda text: None)
    kautokeino = db.session.scalar(select(Municipality).where(Municipality.slug == "kautokeino"))
    author = make_user(role=Role.resident, municipality=kautokeino)
    for _ in range(2):  # the demo has no ideas there: give the walk idea pages to read
        create_idea(kautokeino, author)
    client.get("/kautokeino/?lang=se")
    result = walk(client, ["/kautokeino/"], "se", limit=150, within="/kautokeino/")
    assert len(result.visited) >= 8, f"the walk reached too few pages: {result.visited}"
    problems = report({"anonymous/se": result})
    assert not problems, (f"English (or a broken page) in {len(result.visited)} Sami pages:\n"
                          + "\n".join(problems))
