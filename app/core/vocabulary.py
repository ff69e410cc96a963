"""The network's vocabulary: its seven themes and the UN's 17 Sustainable Development Goals.

One key scheme, used by every area, in the database and in URLs (`/tema/<key>/`, `/mal/<n>/`):
a theme is stored as its key in a `theme` column; the goals of an item as rows of a link table of
the one shape `SdgLinkMixin` gives (`idea_sdgs`, `consultation_sdgs`, `vote_project_sdgs`), read
and written through `SdgTagged.sdgs`. Labels are lazy strings: look them up when you render, and
build choices per request (`theme_choices()`, `sdg_choices()`), never at import time.
"""
from __future__ import annotations

from typing import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, mapped_column

from app.core.errors import ServiceError

#: the Smartbyene network's themes, in the network's order (key -> label)
THEMES = {
    "mobilitet": _l("Mobility"),
    "apne-data": _l("Open data"),
    "innbyggerinvolvering": _l("Citizen involvement"),
    "naeringslivsdialog": _l("Dialogue with business"),
    "kommunikasjon": _l("Communication"),
    "smartbyretningslinjer": _l("Smart city guidelines"),
    "anskaffelser": _l("Procurement"),
}

# For translators: the official Norwegian names (FN-sambandet), bokmål / nynorsk:
#  1 Utrydde fattigdom, 2 Utrydde sult / svolt, 3 God helse og livskvalitet, 4 God utdanning,
#  5 Likestilling mellom kjønnene / kjønna, 6 Rent vann og gode sanitærforhold / Reint vatn og gode
#  sanitærforhold, 7 Ren energi til alle / Rein energi til alle, 8 Anstendig arbeid og økonomisk
#  vekst, 9 Innovasjon, industri og infrastruktur, 10 Mindre ulikhet / ulikskap, 11 Bærekraftige
#  byer og lokalsamfunn / Berekraftige byar og lokalsamfunn, 12 Ansvarlig / Ansvarleg forbruk og
#  produksjon, 13 Stoppe klimaendringene / klimaendringane, 14 Livet i havet, 15 Livet på land,
#  16 Fred, rettferdighet og velfungerende institusjoner / Fred, rettferd og velfungerande
#  institusjonar, 17 Samarbeid for å nå målene / måla.
SDGS = {
    1: _l("No poverty"),
    2: _l("Zero hunger"),
    3: _l("Good health and well-being"),
    4: _l("Quality education"),
    5: _l("Gender equality"),
    6: _l("Clean water and sanitation"),
    7: _l("Affordable and clean energy"),
    8: _l("Decent work and economic growth"),
    9: _l("Industry, innovation and infrastructure"),
    10: _l("Reduced inequalities"),
    11: _l("Sustainable cities and communities"),
    12: _l("Responsible consumption and production"),
    13: _l("Climate action"),
    14: _l("Life below water"),
    15: _l("Life on land"),
    16: _l("Peace, justice and strong institutions"),
    17: _l("Partnerships for the goals"),
}


class VocabularyError(ServiceError):
    """A theme key or goal number that is not in the vocabulary."""


def is_theme(key: str | None) -> bool:
    return key in THEMES


def theme_label(key: str | None) -> str:
    """The theme's name in the current language ("" for no theme or an unknown key)."""
    label = THEMES.get(key or "")
    return str(label) if label is not None else ""


def sdg_label(number: int) -> str:
    """The goal's official name in the current language ("" for a number outside 1-17)."""
    label = SDGS.get(number)
    return str(label) if label is not None else ""


def theme_choices() -> list[tuple[str, str]]:
    """(key, name) of every theme in the current language: call it per request."""
    return [(key, str(label)) for key, label in THEMES.items()]


def sdg_choices() -> list[tuple[int, str]]:
    """(number, "11. Name") of every goal in the current language: call it per request (a
    WTForms field takes the function itself as `choices` and calls it for each form)."""
    return [(number, f"{number}. {label}") for number, label in SDGS.items()]


def clean_sdgs(values: Iterable) -> list[int]:
    """Goal numbers as a sorted list without repeats; refuses anything outside 1-17."""
    try:
        goals = sorted({int(value) for value in values or ()})
    except (TypeError, ValueError) as error:
        raise VocabularyError(str(_l("Choose goals from the list."))) from error
    if any(goal not in SDGS for goal in goals):
        raise VocabularyError(str(_l("Choose goals from the list.")))
    return goals


class SdgLinkMixin:
    """A row of an SDG link table: the item's foreign key (declared by the area) and one goal."""

    #: UN Sustainable Development Goal, 1-17
    goal: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)


class SdgTagged:
    """An item tagged with goals through a `sdg_links` relationship to its SdgLinkMixin model
    (cascade "all, delete-orphan", ordered by goal). `item.sdgs` reads and writes the numbers."""

    @property
    def sdgs(self) -> list[int]:
        return sorted(link.goal for link in self.sdg_links)

    @sdgs.setter
    def sdgs(self, goals: Iterable[int]) -> None:
        wanted = clean_sdgs(goals)
        link_class = type(self).sdg_links.property.mapper.class_
        kept = [link for link in self.sdg_links if link.goal in wanted]
        have = {link.goal for link in kept}
        self.sdg_links = kept + [link_class(goal=goal) for goal in wanted if goal not in have]


def template_globals() -> dict:
    return {"theme_label": theme_label, "sdg_label": sdg_label, "THEMES": THEMES, "SDGS": SDGS}
