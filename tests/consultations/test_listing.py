"""The listing (open ones first, absolute deadlines) and the visitor's written form."""
from __future__ import annotations

import re
from datetime import datetime

from flask_babel import force_locale, gettext

from app.core.clock import end_of_minute, oslo_to_utc
from tests.consultations.factories import oslo


def test_listing_puts_open_consultations_first_with_absolute_deadlines(
        client, clock, make_municipality, make_consultation):
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


def test_the_page_names_its_theme_and_goals_in_the_visitors_language(
        client, make_municipality, make_consultation):
    municipality = make_municipality("Tema")
    consultation = make_consultation(municipality, theme="mobilitet", sdgs=[11, 3])
    page = client.get(f"/tema/horinger/{consultation.id}?lang=nn").get_data(as_text=True)
    with force_locale("nn"):
        theme = gettext("Mobility")
    assert f'<dd><a href="/tema/mobilitet/">{theme}</a></dd>' in page  # a link to the theme page
    assert page.index("3. God helse og livskvalitet") < page.index(
        "11. Berekraftige byar og lokalsamfunn")
