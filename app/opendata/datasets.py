"""The published datasets: their keys (URL segments), titles, descriptions and columns, and the
one rule for small counts. The page, the README of each download, the JSON metadata and the
DCAT-AP-NO catalogue all read these definitions, so a column is described in one place.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

#: counts below this are never published (NORWAY.md: "Suppress small counts")
SUPPRESS_BELOW = 5
#: the licence's own page, for readers (README, the open-data page)
NLOD_PAGE = "http://data.norge.no/nlod/no/2.0"
#: the licence in the EU authority list, for machines (dct:license in the catalogue)
NLOD_URI = "http://publications.europa.eu/resource/authority/licence/NLOD_2_0"
#: the download formats, in the order they are offered
FORMATS = ("csv", "json")


@dataclass(frozen=True)
class Column:
    name: str
    description: object  # a lazy string
    #: a count that is suppressed under SUPPRESS_BELOW (an empty cell, `prikket` true)
    is_count: bool = False


@dataclass(frozen=True)
class Dataset:
    key: str  #: the URL segment: /apne-data/<key>.csv
    title: object
    description: object
    #: EU data theme (http://publications.europa.eu/resource/authority/data-theme/<code>)
    eu_theme: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


def _place() -> tuple[Column, ...]:
    return (Column("kommunenummer", _l("The municipality's number (kommunenummer, SSB).")),
            Column("kommune", _l("The municipality's name.")))


def _flag() -> Column:
    return Column("prikket", _l("true when at least one count in the row is withheld because it "
                                "is under 5 (or would let a withheld count be worked out)."))


IDEAS = Dataset(
    "ideer", _l("Ideas per theme and status"),
    _l("How many published ideas residents have submitted, per theme and per the municipality's "
       "answer. Ideas waiting for moderation, refused or hidden are not counted."),
    "GOVE",
    _place() + (
        Column("tema", _l("The theme's key: one of the network's themes, or k- and a number for "
                          "one of the municipality's own themes.")),
        Column("tema_navn", _l("The theme's name in Norwegian bokmål.")),
        Column("status", _l("The municipality's answer: published (no answer yet), "
                            "under_consideration, accepted, implemented or not_pursued.")),
        Column("antall_ideer", _l("Number of ideas."), is_count=True),
        _flag()))

CONSULTATIONS = Dataset(
    "horinger", _l("Participation in consultations"),
    _l("How many answers each published consultation received, in all and by whether the sender "
       "answered as a private person or for an organisation. Only consultations whose deadline "
       "has passed; only approved answers that were not withdrawn."),
    "GOVE",
    _place() + (
        Column("horing_id", _l("The consultation's number in Tinget.")),
        Column("tittel_nb", _l("The consultation's title in bokmål (empty when there is none).")),
        Column("tittel_nn", _l("The consultation's title in nynorsk (empty when there is none).")),
        Column("type", _l("general, or plan for a plan under the Planning and Building Act.")),
        Column("frist", _l("The deadline (UTC, ISO 8601).")),
        Column("svar_totalt", _l("Answers in all."), is_count=True),
        Column("svar_privatpersoner", _l("Answers from private persons."), is_count=True),
        Column("svar_organisasjoner", _l("Answers on behalf of an organisation."), is_count=True),
        _flag()))

VOTES = Dataset(
    "avstemninger", _l("Vote results"),
    _l("The results of closed votes on projects, including participatory budgets: ballots cast "
       "and votes per project. Votes that are still open or not published are not included."),
    "GOVE",
    _place() + (
        Column("avstemning_id", _l("The vote's number in Tinget.")),
        Column("avstemning", _l("The vote's title.")),
        Column("metode", _l("single (one project), approval (several projects) or budget "
                            "(participatory budget).")),
        Column("stengt", _l("When the vote closed (UTC, ISO 8601).")),
        Column("stemmesedler", _l("Ballots cast in the vote."), is_count=True),
        Column("prosjekt_id", _l("The project's number in Tinget.")),
        Column("prosjekt", _l("The project's title.")),
        Column("kostnad", _l("The project's cost in whole kroner (participatory budgets).")),
        Column("stemmer", _l("Ballots that chose the project."), is_count=True),
        Column("finansiert", _l("Participatory budget: true when the project is funded by the "
                                "vote's rule; empty for the other methods or when withheld.")),
        _flag()))

SURVEYS = Dataset(
    "undersokelser", _l("Survey results"),
    _l("Answers per option in closed surveys whose results the municipality has made public: "
       "choice, yes/no and scale questions. Free-text and number answers are never included."),
    "SOCI",
    _place() + (
        Column("undersokelse_id", _l("The survey's number in Tinget.")),
        Column("tittel_nb", _l("The survey's title in bokmål.")),
        Column("tittel_nn", _l("The survey's title in nynorsk.")),
        Column("svar_totalt", _l("Responses to the survey."), is_count=True),
        Column("sporsmal_nr", _l("The question's order in the survey (1 is the first).")),
        Column("sporsmal_nb", _l("The question in bokmål.")),
        Column("sporsmal_nn", _l("The question in nynorsk.")),
        Column("sporsmalstype", _l("single_choice, multiple_choice, ranking (counted as first "
                                   "choices), yes_no or scale.")),
        Column("alternativ_nb", _l("The option in bokmål (for scales, the point).")),
        Column("alternativ_nn", _l("The option in nynorsk (for scales, the point).")),
        Column("antall", _l("Responses that chose the option (ranking: ranked it first)."),
               is_count=True),
        _flag()))

DATASETS: dict[str, Dataset] = {d.key: d for d in (IDEAS, CONSULTATIONS, VOTES, SURVEYS)}


def hidden_counts(counts: list[int | None], *, has_total: bool) -> list[bool]:
    """Which of a group of counts to withhold: every count under 5, and, where the group's
    total is published (`has_total`) and exactly one count is withheld, the smallest shown one
    as well, so the withheld count cannot be worked out by subtracting the others."""
    hidden = [count is None or count < SUPPRESS_BELOW for count in counts]
    if has_total and hidden.count(True) == 1 and len(counts) > 1:
        shown = [(count, index) for index, count in enumerate(counts) if not hidden[index]]
        hidden[min(shown)[1]] = True
    return hidden


def file_endpoint(key: str, fmt: str) -> str:
    """The endpoint (without the blueprint) of a dataset's file: `fmt` is csv, json or readme.

    One URL rule per file, with no URL argument besides the municipality, so the tenant rules
    have no object to look up (see tests/test_tenancy.py)."""
    return f"{fmt}_{key}"
