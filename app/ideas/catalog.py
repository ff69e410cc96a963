"""Fixed vocabularies: the network's themes and the UN Sustainable Development Goals."""
from flask_babel import lazy_gettext as _l

#: the Smartbyene network's themes (key -> label); municipalities add their own (MunicipalTheme)
NETWORK_THEMES = {
    "mobilitet": _l("Mobility"),
    "apne-data": _l("Open data"),
    "innbyggerinvolvering": _l("Citizen involvement"),
    "naeringslivsdialog": _l("Dialogue with business"),
    "kommunikasjon": _l("Communication"),
    "smartbyretningslinjer": _l("Smart city guidelines"),
    "anskaffelser": _l("Procurement"),
}

#: prefix of the theme key of a municipality's own theme: "k-<id>"
MUNICIPAL_THEME_PREFIX = "k-"

# The 17 goals. For translators: the official Norwegian names (FN-sambandet) are
#  1 Utrydde fattigdom, 2 Utrydde sult, 3 God helse og livskvalitet, 4 God utdanning,
#  5 Likestilling mellom kjønnene, 6 Rent vann og gode sanitærforhold, 7 Ren energi til alle,
#  8 Anstendig arbeid og økonomisk vekst, 9 Innovasjon, industri og infrastruktur,
#  10 Mindre ulikhet, 11 Bærekraftige byer og lokalsamfunn, 12 Ansvarlig forbruk og produksjon,
#  13 Stoppe klimaendringene, 14 Livet i havet, 15 Livet på land,
#  16 Fred, rettferdighet og velfungerende institusjoner, 17 Samarbeid for å nå målene.
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
