"""The figures as tables: one `Table` feeds the page's chart, the page's table and the CSV, so
the three always show the same numbers.

Each table has a key used in the CSV's URL (`tall.csv?tabell=maned`), a heading, its columns
and rows; a row has a label for people, a key for machines (the month "2026-03", a theme key,
a kommunenummer) and its values. Values are plain numbers, or durations shown in words.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from flask import abort, request
from flask_babel import gettext as _

from app.core.exports import csv_response, csv_text
from app.core.i18n import format_number
from app.figures import labels
from app.figures.charts import Bar, bar_chart
from app.figures.openness import DECISIONS, Openness
from app.figures.queries import KINDS, Line, Participation


@dataclass
class Row:
    key: str
    label: str
    values: list[Any]


@dataclass
class Table:
    key: str
    title: str
    #: the first column's heading, then one per value
    columns: list[str]
    rows: list[Row]
    #: the column the chart draws (index into values)
    chart_column: int
    chart_description: str
    #: a last row of totals (HTML only), or None
    total: Row | None = None
    notes: list[str] = field(default_factory=list)
    #: the value columns that hold durations (in hours in the CSV)
    duration_columns: tuple[int, ...] = ()

    def chart(self):
        bars = [Bar(row.label, _number(row.values[self.chart_column]),
                    shown(row.values[self.chart_column])) for row in self.rows]
        return bar_chart(f"chart-{self.key}", self.title, self.chart_description, bars)

    def csv_header(self) -> list[str]:
        values = [_("%(column)s (hours)", column=column) if n in self.duration_columns
                  else column for n, column in enumerate(self.columns[1:])]
        return [_("Key"), self.columns[0], *values]

    def csv_rows(self) -> list[list]:
        return [[row.key, row.label, *(_csv_value(v) for v in row.values)] for row in self.rows]


def _number(value) -> float:
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value or 0)


def shown(value) -> str:
    """A value as the page shows it."""
    if value is None or isinstance(value, timedelta):
        return labels.duration(value)
    return format_number(value)


def _csv_value(value):
    """Durations in the CSV as hours with one decimal (empty when there were none)."""
    if isinstance(value, timedelta):
        return f"{value.total_seconds() / 3600:.1f}"
    return "" if value is None else value


# --- participation ---------------------------------------------------------------------------

def _line_values(line: Line) -> list[int]:
    return [*(line.by_kind[kind] for kind in KINDS), line.contributions, line.participants]


def _line_columns(first: str) -> list[str]:
    return [first, *(labels.kind_label(kind) for kind in KINDS), _("Contributions"),
            _("Participants")]


def participation_tables(figures: Participation) -> list[Table]:
    """Per month, per theme and per channel (and per member on the network's page)."""
    contributions = len(KINDS)
    total = Row("total", _("Total"), _line_values(figures.total))
    tables = [
        Table("maned", _("Contributions per month"), _line_columns(_("Month")),
              [Row(line.key, labels.month_name(line.key), _line_values(line))
               for line in figures.months], contributions,
              _("A bar for each month, as long as its number of contributions. "
                "The same figures are in the table below."), total=total,
              notes=[_("A person who took part in several months is counted once in the total.")]),
        Table("tema", _("Contributions per theme"), _line_columns(_("Theme")),
              [Row(line.key or "ingen", labels.theme_name(line.key), _line_values(line))
               for line in figures.themes], contributions,
              _("A bar for each of the network's themes, as long as its number of contributions. "
                "The same figures are in the table below."), total=total),
        Table("kanal", _("Contributions per channel"), _line_columns(_("Channel")),
              [Row(line.key, labels.channel_label(line.key), _line_values(line))
               for line in figures.channels], contributions,
              _("A bar for each channel, as long as its number of contributions. "
                "The same figures are in the table below."), total=total,
              notes=[_("Only surveys can be embedded in the municipality's own web site; "
                       "everything else is sent on Tinget.")]),
    ]
    if figures.members:
        tables.append(Table(
            "kommuner", _("Contributions per member"), _line_columns(_("Municipality")),
            [Row(m.number, m.name, _line_values(line)) for m, line in figures.members],
            contributions,
            _("A bar for each member municipality, as long as its number of contributions. "
              "The same figures are in the table below."), total=total,
            notes=[_("A person who took part in several municipalities is counted once in "
                     "the total.")]))
    return tables


# --- openness --------------------------------------------------------------------------------

def openness_tables(figures: Openness) -> list[Table]:
    """Per month, by decision, by reason category and reports by reason."""
    months = Table(
        "maned", _("Decisions per month"),
        [_("Month"), _("Items decided"), *(labels.decision_label(d) for d in DECISIONS),
         _("Reports received"), _("Median time from submission to decision"),
         _("Median time from report to decision")],
        [Row(m.key, labels.month_name(m.key),
             [m.items, *(m.by_decision[d] for d in DECISIONS), m.reports,
              m.median_from_submission, m.median_from_report]) for m in figures.months],
        0, _("A bar for each month, as long as the number of items decided in it. "
             "The same figures are in the table below."),
        total=Row("total", _("Total"),
                  [figures.items, *(figures.by_decision[d] for d in DECISIONS),
                   sum(figures.reports_by_reason.values()), figures.median_from_submission,
                   figures.median_from_report]),
        notes=[_("An item decided in several months is counted once in the total.")],
        duration_columns=(len(DECISIONS) + 2, len(DECISIONS) + 3))
    decisions = Table(
        "beslutninger", _("Decisions by kind"), [_("Decision"), _("Decisions")],
        [Row(d, labels.decision_label(d), [figures.by_decision[d]]) for d in DECISIONS], 0,
        _("A bar for each kind of decision, as long as its number. "
          "The same figures are in the table below."))
    reasons = Table(
        "grunner", _("Decisions by reason"), [_("Reason"), _("Decisions")],
        [Row(str(n + 1), labels.reason_label(c), [count])
         for n, (c, count) in enumerate(figures.by_reason)], 0,
        _("A bar for each reason moderators gave, as long as its number of decisions. "
          "The same figures are in the table below."))
    reports = Table(
        "meldinger", _("Reports by reason"), [_("Reason"), _("Reports")],
        [Row(value, labels.report_reason_label(value), [count])
         for value, count in figures.reports_by_reason.items()], 0,
        _("A bar for each reason residents chose when reporting, as long as its number of "
          "reports. The same figures are in the table below."))
    return [months, decisions, reasons, reports]


def find(tables: list[Table], key: str) -> Table | None:
    return next((table for table in tables if table.key == key), None)


def csv_download(tables: list[Table], prefix: str, period):
    """The table `?tabell=` names, as a CSV download through the one CSV writer; 404 for a name
    no table has."""
    table = find(tables, request.args.get("tabell", ""))
    if table is None:
        abort(404)
    span = f"{period.args()['fra']}-{period.args()['til']}"
    return csv_response(csv_text(table.csv_header(), table.csv_rows()),
                        f"{prefix}-{table.key}-{span}.csv")
