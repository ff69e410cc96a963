"""The ideas list: filters, sort, Norwegian full-text search, pagination, empty states, queries."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.ideas import services
from app.ideas.models import IdeaStatus
from app.moderation.models import ModerationState
from tests.queries import recorded_queries


@pytest.fixture
def asker(make_municipality, make_user):
    municipality = make_municipality("Asker")
    return municipality, make_user(role="resident", municipality=municipality)


def titles(client, query: str = "") -> list[str]:
    html = client.get(f"/asker/ideer/{query}").get_data(as_text=True)
    return re.findall(r'<h2 id="idea-\d+"><a [^>]*>([^<]+)</a>', html)


def test_only_published_ideas_are_listed_newest_first(client, db, asker, make_idea):
    municipality, user = asker
    first = make_idea(municipality, user, title="Første idé")
    make_idea(municipality, user, title="Venter", state=ModerationState.pending)
    make_idea(municipality, user, title="Skjult", state=ModerationState.hidden)
    first.created_at -= timedelta(days=1)
    db.session.commit()
    make_idea(municipality, user, title="Andre idé")
    assert titles(client) == ["Andre idé", "Første idé"]


def test_filters_by_theme_goal_and_status(client, db, asker, make_idea):
    municipality, user = asker
    make_idea(municipality, user, title="Buss", theme="mobilitet", sdgs=[11])
    make_idea(municipality, user, title="Data", theme="apne-data", sdgs=[9, 16])
    accepted = make_idea(municipality, user, title="Innkjøp", theme="anskaffelser", sdgs=[12])
    accepted.answer_status = IdeaStatus.accepted
    db.session.commit()
    assert titles(client, "?tema=apne-data") == ["Data"]
    assert titles(client, "?mal=11") == ["Buss"]
    assert titles(client, "?status=accepted") == ["Innkjøp"]
    assert titles(client, "?tema=mobilitet&mal=12") == []
    # unknown values are ignored, never a 500
    assert len(titles(client, "?tema=zzz&mal=99&status=x&sortering=y&side=-3&antall=abc")) == 3


def test_sort_by_support_and_discussion(client, db, asker, make_idea, make_user, make_comment):
    municipality, user = asker
    quiet = make_idea(municipality, user, title="Stille")
    loved = make_idea(municipality, user, title="Populær")
    talked = make_idea(municipality, user, title="Omdiskutert")
    for _ in range(2):
        services.support_idea(loved, make_user(role="resident", municipality=municipality),
                              municipality)
    db.session.commit()
    make_comment(talked, user)
    make_comment(talked, user)
    assert titles(client, "?sortering=mest-stottet")[0] == "Populær"
    assert titles(client, "?sortering=mest-diskutert")[0] == "Omdiskutert"
    assert quiet.title in titles(client)


def test_norwegian_stemming_finds_sykkelvei_from_sykkelveier(client, asker, make_idea):
    municipality, user = asker
    make_idea(municipality, user, title="Ny sykkelvei", body="En sykkelvei fra stasjonen til skolen.")
    make_idea(municipality, user, title="Lekeplass", body="Flere lekeplasser i sentrum, takk.")
    assert titles(client, "?q=sykkelveier") == ["Ny sykkelvei"]
    assert titles(client, "?q=Sykkelveien") == ["Ny sykkelvei"]
    assert titles(client, "?q=lekeplassen") == ["Lekeplass"]
    assert titles(client, "?q=fotballbane") == []
    html = client.get("/asker/ideer/?q=fotballbane&lang=en").get_data(as_text=True)
    assert "No ideas match what you searched for" in html


def test_empty_list_invites_the_first_idea(client, asker):
    html = client.get("/asker/ideer/?lang=en").get_data(as_text=True)
    assert "No ideas yet. Be the first" in html


def test_pagination(client, asker, make_idea):
    municipality, user = asker
    for n in range(5):
        make_idea(municipality, user, title=f"Idé {n}")
    assert len(titles(client, "?antall=2")) == 2
    assert len(titles(client, "?antall=2&side=3")) == 1
    html = client.get("/asker/ideer/?antall=2&side=2&lang=en").get_data(as_text=True)
    assert 'rel="next"' in html and "neste=" in html and 'rel="prev"' in html and "forrige=" in html
    assert "There are no more ideas" in client.get("/asker/ideer/?side=9&lang=en").get_data(as_text=True)


def test_list_page_queries_do_not_grow_with_the_page_size(client, auth, db, asker, make_idea,
                                                          make_user, make_comment):
    municipality, user = asker
    supporter = make_user(role="resident", municipality=municipality)
    for n in range(30):
        idea = make_idea(municipality, user, title=f"Idé {n}", sdgs=[1 + n % 17, 11])
        services.support_idea(idea, supporter, municipality)
        db.session.commit()
        make_comment(idea, user)
    auth.login(supporter)
    counts = {}
    for size in (1, 5, 30):
        with recorded_queries(db.engine) as statements:
            response = client.get(f"/asker/ideer/?antall={size}&sortering=mest-diskutert&lang=en")
        assert response.status_code == 200
        assert response.get_data(as_text=True).count("(including you)") == size
        counts[size] = len(statements)
    assert counts[1] == counts[5] == counts[30], counts
    print("queries per list page:", counts)
