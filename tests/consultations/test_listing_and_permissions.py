"""The listing (open ones first, absolute deadlines) and who may do what, by role and municipality."""
from __future__ import annotations

import re

import pytest
from flask_babel import force_locale, gettext

from app.accounts.models import Role
from app.core.clock import end_of_minute, oslo_to_utc
from tests.consultations.conftest import oslo


def test_listing_puts_open_consultations_first_with_absolute_deadlines(
        client, clock, make_municipality, make_consultation):
    from datetime import datetime

    municipality = make_municipality("Liste")
    clock.set(oslo(2027, 1, 10, 12, 0))
    make_consultation(municipality, title_nb="Lukket", opens=oslo(2026, 10, 1, 9, 0),
                      closes=oslo(2026, 11, 1, 12, 0))
    make_consultation(municipality, title_nb="Kommer", opens=oslo(2027, 2, 1, 9, 0),
                      closes=oslo(2027, 3, 20, 12, 0))
    make_consultation(municipality, title_nb="Åpen sen", opens=oslo(2027, 1, 1, 9, 0),
                      closes=oslo(2027, 2, 28, 12, 0))
    make_consultation(municipality, title_nb="Åpen snart",
                      opens=oslo(2027, 1, 1, 9, 0),
                      closes=end_of_minute(oslo_to_utc(datetime(2027, 1, 15, 23, 59))))
    make_consultation(municipality, title_nb="Utkast", published=False)
    page = client.get("/liste/horinger/?lang=nb").get_data(as_text=True)
    titles = re.findall(r'<h2><a href="/liste/horinger/\d+" lang="nb">([^<]+)</a>', page)
    assert titles == ["Åpen snart", "Åpen sen", "Kommer", "Lukket"]
    with force_locale("nb"):
        expected = gettext("deadline %(when)s", when="15. januar 2027 kl. 23.59")
    assert expected in page


def test_the_visitors_written_form_is_shown_or_the_other_with_a_note(
        client, make_municipality, make_consultation):
    municipality = make_municipality("Mal")
    both = make_consultation(municipality, title_nb="Ny skule (bokmål)", title_nn="Ny skule")
    only_nn = make_consultation(municipality, title_nb=None, title_nn="Berre nynorsk")
    page = client.get(f"/mal/horinger/{both.id}?lang=nn").get_data(as_text=True)
    assert '<h1 lang="nn">Ny skule</h1>' in page
    page = client.get(f"/mal/horinger/{both.id}?lang=nb").get_data(as_text=True)
    assert '<h1 lang="nb">Ny skule (bokmål)</h1>' in page
    page = client.get(f"/mal/horinger/{only_nn.id}?lang=en").get_data(as_text=True)
    assert '<h1 lang="nn">Berre nynorsk</h1>' in page
    page = client.get(f"/mal/horinger/{only_nn.id}?lang=nb").get_data(as_text=True)
    with force_locale("nb"):
        note = gettext("This consultation is only available in %(form)s.", form=gettext("nynorsk"))
    assert note in page


ADMIN_PAGES = ["/admin/horinger/", "/admin/horinger/ny", "/admin/horinger/{id}",
               "/admin/horinger/{id}/dokumenter", "/admin/horinger/{id}/instanser",
               "/admin/horinger/{id}/svar", "/admin/horinger/{id}/konklusjon",
               "/admin/horinger/{id}/eksport/csv"]


@pytest.mark.parametrize("who,expected", [
    ("anonymous", 302), ("resident", 403), ("moderator", 403), ("other_admin", 403),
    ("network_admin", 403), ("admin", 200),
])
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_by_role_and_municipality(client, auth, make_municipality, make_user,
                                              make_consultation, who, expected, path):
    home = make_municipality("Rolle")
    other = make_municipality("Annen")
    consultation = make_consultation(home)
    users = {
        "resident": lambda: make_user(role=Role.resident, municipality=home),
        "moderator": lambda: make_user(role=Role.moderator, municipality=home),
        "other_admin": lambda: make_user(role=Role.admin, municipality=other),
        "network_admin": lambda: make_user(network_admin=True),
        "admin": lambda: make_user(role=Role.admin, municipality=home),
    }
    if who != "anonymous":
        auth.login(users[who]())
    response = client.get("/rolle" + path.format(id=consultation.id))
    assert response.status_code == expected


@pytest.mark.parametrize("state,anonymous,admin", [
    ("draft", 404, 200), ("scheduled", 200, 200), ("open", 200, 200), ("closed", 200, 200),
])
def test_public_page_by_state(client, auth, clock, make_municipality, make_user,
                              make_consultation, state, anonymous, admin):
    municipality = make_municipality("Tilstand")
    clock.set(oslo(2027, 1, 10, 12, 0))
    dates = {"draft": (oslo(2027, 1, 1), oslo(2027, 2, 1)),
             "scheduled": (oslo(2027, 2, 1), oslo(2027, 3, 1)),
             "open": (oslo(2027, 1, 1), oslo(2027, 2, 1)),
             "closed": (oslo(2026, 11, 1), oslo(2026, 12, 1))}[state]
    consultation = make_consultation(municipality, opens=dates[0], closes=dates[1],
                                     published=state != "draft")
    assert consultation.phase.value == state
    url = f"/tilstand/horinger/{consultation.id}"
    assert client.get(url).status_code == anonymous
    auth.login(make_user(role=Role.admin, municipality=municipality))
    assert client.get(url).status_code == admin


def test_an_admin_cannot_reach_another_municipalitys_consultation(
        client, auth, make_municipality, make_user, make_consultation):
    home = make_municipality("Hjem")
    other = make_municipality("Borte")
    theirs = make_consultation(other)
    auth.login(make_user(role=Role.admin, municipality=home))
    assert client.get(f"/hjem/admin/horinger/{theirs.id}").status_code == 404
    assert client.get(f"/hjem/horinger/{theirs.id}").status_code == 404
    assert client.get(f"/borte/admin/horinger/{theirs.id}").status_code == 403
