"""/sok/: Norwegian full-text search over the network's published items, in bokmål and nynorsk,
with filters, counts per type and pagination; on SQLite (stored stems) and PostgreSQL
(`norwegian` tsvector), whichever the suite runs on."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from app.search.models import SearchEntry
from tests.search import factories as f
from tests.queries import count_queries as _count_queries


def test_bokmal_search_finds_inflected_forms(client, asker):
    f.idea(asker, "Trygg sykkelvei til skolen")
    f.idea(asker, "Flere benker i parken")
    assert f.hits(client, "q=sykkelveier") == ["Trygg sykkelvei til skolen"]
    assert f.hits(client, "q=Sykkelveien") == ["Trygg sykkelvei til skolen"]
    assert f.hits(client, "q=benk") == ["Flere benker i parken"]


def test_nynorsk_search_finds_a_nynorsk_text(client, voss):
    f.consultation(voss, title_nn="Fleire sykkelvegar i sentrum")
    f.experience(voss, title_nn="Kva vi lærte av skulevegen", asked_nn="Kor trygg er skulevegane?")
    assert f.hits(client, "q=sykkelvegen&lang=nn") == ["Fleire sykkelvegar i sentrum"]
    assert f.hits(client, "q=skulevegar&lang=nn") == ["Kva vi lærte av skulevegen"]


def test_every_kind_is_found_and_counted_per_type(client, asker, voss):
    f.idea(asker, "Ny havn for småbåter")
    f.consultation(asker, title_nb="Reguleringsplan for havna")
    f.vote(voss, "Innbyggarbudsjett for hamna", projects=[("Havnebad", 100_000)])
    f.survey(asker, "Hva mener du om havnene?")
    f.experience(voss, title_nb="Erfaringer fra havneplanen", asked_nb="Hvordan bruke havna?")
    html = client.get("/sok/?q=havn").get_data(as_text=True)
    assert "5 results" in html or "5 treff" in html
    counts = dict(re.findall(r'type=(\w+)"[^>]*>[^<(]+\((\d+)\)', html))
    assert counts == {"ideer": "1", "horinger": "1", "avstemninger": "1", "undersokelser": "1",
                      "erfaringer": "1"}
    assert f.hits(client, "q=havn&type=avstemninger") == ["Innbyggarbudsjett for hamna"]
    assert f.hits(client, "q=havn&type=erfaringer") == ["Erfaringer fra havneplanen"]


def test_a_hit_shows_type_municipality_snippet_and_links_to_its_page(client, asker):
    idea = f.idea(asker, "Lys i lysløypa", "Lysløypa er mørk om kvelden. **Sett opp** flere lys.")
    consultation = f.consultation(asker, title_nb="Lysplan for sentrum")
    html = client.get("/sok/?q=lys&lang=nb").get_data(as_text=True)
    article = html.split('id="treff-1"', 1)[1].split("</article>", 1)[0] + \
        html.split('id="treff-2"', 1)[1].split("</article>", 1)[0]
    assert f"/asker/ideer/{idea.id}" in article and f"/asker/horinger/{consultation.id}" in article
    assert "Idé" in article and "Høring" in article and "Asker" in article
    assert "Lysløypa er mørk om kvelden. Sett opp flere lys." in article  # Markdown marks gone
    assert client.get(f"/asker/ideer/{idea.id}").status_code == 200


def test_titles_in_the_readers_written_form(client, asker):
    f.consultation(asker, title_nb="Ny skolevei på Holmen", title_nn="Ny skuleveg på Holmen")
    assert f.hits(client, "q=holmen&lang=nb") == ["Ny skolevei på Holmen"]
    assert f.hits(client, "q=holmen&lang=nn") == ["Ny skuleveg på Holmen"]
    html = client.get("/sok/?q=holmen&lang=en").get_data(as_text=True)
    assert 'lang="nb">Ny skolevei på Holmen' in html


def test_filters_by_municipality_theme_and_goal(client, asker, voss):
    f.idea(asker, "Bysykkel i Asker", theme="mobilitet", sdgs=[11])
    f.consultation(voss, title_nb="Bysykkel på Voss", theme="mobilitet", sdgs=[3, 11])
    f.survey(voss, "Bysykkel og åpne data", theme="apne-data", sdgs=[9])
    assert sorted(f.hits(client, "q=bysykkel")) == [
        "Bysykkel i Asker", "Bysykkel og åpne data", "Bysykkel på Voss"]
    assert sorted(f.hits(client, "q=bysykkel&kommune=voss")) == [
        "Bysykkel og åpne data", "Bysykkel på Voss"]
    assert f.hits(client, "q=bysykkel&tema=apne-data") == ["Bysykkel og åpne data"]
    assert sorted(f.hits(client, "q=bysykkel&mal=11")) == ["Bysykkel i Asker", "Bysykkel på Voss"]
    assert f.hits(client, "q=bysykkel&mal=1") == []
    # filters alone, without words, list what they match
    assert f.hits(client, "mal=3") == ["Bysykkel på Voss"]


def test_goals_and_texts_follow_changes_to_the_item(client, db, asker):
    consultation = f.consultation(asker, title_nb="Kulturhus", sdgs=[4])
    assert f.hits(client, "mal=4") == ["Kulturhus"]
    consultation.sdgs = [5]
    consultation.title_nb = "Nytt bibliotek"
    db.session.commit()
    assert f.hits(client, "mal=4") == [] and f.hits(client, "mal=5") == ["Nytt bibliotek"]
    assert f.hits(client, "q=kulturhus") == [] and f.hits(client, "q=bibliotekene") == ["Nytt bibliotek"]


def test_empty_query_shows_help_and_the_filters(client, asker):
    f.idea(asker, "Noe å finne")
    html = client.get("/sok/").get_data(as_text=True)
    assert 'role="search"' in html and 'id="kommune"' in html and 'id="mal"' in html
    assert "treff-1" not in html and "sykkelvei" in html
    # a query with no word in it is no search either
    html = client.get('/sok/?q=%22%21%3F').get_data(as_text=True)
    assert "treff-1" not in html


def test_hostile_and_odd_queries_are_answered(client, asker):
    f.idea(asker, "Gatelys på torget")
    for query in ('q="gatelys', "q=gatelys%20OR%20-torget", "q=gatelys:*%20%26%20!torg",
                  "q=" + "gatelys%20" * 200, "q=(((", "q=%27%3B%20drop%20table", "mal=abc",
                  "mal=99", "kommune=%3Cscript%3E", "type=ukjent", "side=999999999999",
                  "tema=../../", "q=gatelys&q=torg", "q=%E2%80%8B"):
        response = client.get(f"/sok/?{query}")
        assert response.status_code == 200, query
    assert f.hits(client, 'q="gatelys torget"') == ["Gatelys på torget"]
    assert f.hits(client, "q=" + "gatelys%20" * 200) == ["Gatelys på torget"]


def test_pagination(client, asker):
    for n in range(23):
        f.idea(asker, f"Benk nummer {n}")
    first = f.hits(client, "q=benk")
    second = f.hits(client, "q=benk&side=2")
    assert len(first) == 20 and len(second) == 3 and not set(first) & set(second)
    html = client.get("/sok/?q=benk&side=2").get_data(as_text=True)
    assert 'rel="prev"' in html and "q=benk" in html.split('rel="prev"')[0].rsplit("href", 1)[1]


def test_queries_do_not_grow_with_the_items(app, client, db, asker, voss):
    def add_one_of_each(n):
        f.idea(asker, f"Solceller på skole {n}", sdgs=[7])
        f.consultation(voss, title_nb=f"Solceller på rådhuset {n}", theme="mobilitet", sdgs=[7])
        f.vote(asker, f"Solceller {n}", sdgs=[7])
        f.survey(voss, f"Solceller hjemme {n}", sdgs=[7])
        f.experience(asker, title_nb=f"Solceller lært {n}", sdgs=[7])

    add_one_of_each(0)
    paths = ["/sok/?q=solceller", "/sok/?q=solceller&mal=7&kommune=voss", "/sok/?mal=7",
             "/sok/?q=solceller&type=horinger"]
    few = [_count_queries(app, client, path) for path in paths]
    for n in range(1, 8):
        add_one_of_each(n)
    assert [_count_queries(app, client, path) for path in paths] == few
    assert max(few) <= 6


def test_the_index_has_one_entry_per_visible_item(db, asker):
    f.idea(asker, "Synlig")
    f.idea(asker, "Venter", state=f.ModerationState.pending)
    f.vote(asker, "Utkast", published=False)
    assert db.session.scalar(select(func.count()).select_from(SearchEntry)) == 1
