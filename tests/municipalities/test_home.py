"""The municipality's home page (issue 11): its identity, what is open now, recent ideas with
their pictures, what came of earlier input; empty states; a fixed number of queries."""
from __future__ import annotations

import re

from app.core.extensions import db as _db
from app.ideas.models import IdeaStatus
from app.ideas.services import answer_idea, submit_idea
from app.moderation.models import ModerationState
from app.accounts.models import Role
from tests.ideas.factories import create_idea
from tests.municipalities.factories import (
    HEADER_ALT, WELCOME_NB, WELCOME_NN, picture, upload, with_identity,
)
from tests.network.factories import fill
from tests.queries import count_queries


def _pictured_idea(municipality, author, title: str, alt: str):
    """A published idea with a picture, as a resident submits it."""
    idea = submit_idea(municipality, author, {
        "title": title, "body": f"{title}: ved stasjonen trengs det flere, og de må ha tak.",
        "theme": "mobilitet", "sdgs": [], "image_alt": alt},
        image=upload(picture("JPEG"), "bilde.jpg"))
    idea.moderation_state = ModerationState.published
    _db.session.commit()
    return idea


def test_a_new_municipality_has_an_empty_state_in_every_section(client, make_municipality):
    make_municipality("Asker")
    html = client.get("/asker/?lang=en").get_data(as_text=True)
    assert "Nothing is open for input right now" in html
    assert "No ideas yet. Yours could be the first." in html and "/asker/ideer/ny" in html
    assert "Nothing has been concluded yet" in html
    assert "Have your say in how Asker develops" in html  # no welcome text: the general one
    assert "home-header-image" not in html


def test_the_home_page_shows_the_identity_in_the_readers_written_form(client, make_municipality):
    with_identity(make_municipality("Asker"))
    nb = client.get("/asker/?lang=nb").get_data(as_text=True)
    assert WELCOME_NB in nb and WELCOME_NN not in nb
    assert re.search(rf'<img class="home-header-image" src="/asker/filer/\d+" alt="{HEADER_ALT}"', nb)
    nn = client.get("/asker/?lang=nn").get_data(as_text=True)
    assert WELCOME_NN in nn and WELCOME_NB not in nn


def test_the_home_page_shows_what_is_open_recent_ideas_and_what_came_of_earlier_input(
        app, client, db, make_municipality, make_user):
    asker = make_municipality("Asker")
    admin = make_user(role=Role.admin, municipality=asker)
    author = make_user(municipality=asker)
    fill(asker, author, "A")
    create_idea(asker, author, title="Benker langs fjorden", state=ModerationState.published)
    with app.test_request_context():
        idea = _pictured_idea(asker, author, "Flere sykkelstativ", "Fulle sykkelstativ")
        answer_idea(idea, admin, asker, IdeaStatus.under_consideration, "Vi teller syklene i mai.")
        db.session.commit()
    html = client.get("/asker/?lang=nb").get_data(as_text=True)
    assert "Åpen høring A" in html and "Åpen avstemning A" in html  # open now
    assert "Benker langs fjorden" in html and "Skjult idé A" not in html
    assert re.search(r'<img src="/asker/filer/\d+" alt="Fulle sykkelstativ"', html)  # with pictures
    conclusion = re.search(r'href="(/asker/horinger/\d+)#conclusion-heading">Avsluttet høring A', html)
    assert conclusion  # a concluded consultation, linked to its conclusion
    assert "Vi teller syklene i mai." in html  # the municipality's answer
    assert re.search(r'href="/asker/avstemninger/\d+/resultater">[^<]*Lukket avstemning A', html)
    assert "Upublisert avstemning A" not in html and "Utkast høring A" not in html


def test_the_home_page_costs_a_fixed_number_of_queries(app, client, db, make_municipality,
                                                       make_user):
    asker = make_municipality("Asker")
    with_identity(asker)
    author = make_user(municipality=asker)
    fill(asker, author, "1")
    few = count_queries(app, client, "/asker/")
    for tag in ("2", "3", "4"):
        fill(asker, author, tag)
        _pictured_idea(asker, author, f"Idé med bilde {tag}", "Et bilde")
    _db.session.commit()
    many = count_queries(app, client, "/asker/")
    assert few == many <= 11, (few, many)  # tenancy 1, open now 3, header 1, ideas 1, earlier 5
