"""The public openness page about moderation (`/<k>/apenhet/`) and its tables as CSV."""
from __future__ import annotations

from flask import g, render_template, request

from app.figures import bp, network_bp
from app.figures.forms import PeriodForm
from app.figures.labels import month_name
from app.figures.openness import openness as openness_figures
from app.figures.tables import csv_download, openness_tables, shown


@bp.public("/")
def openness():
    form = PeriodForm(formdata=request.args)
    figures = openness_figures(g.municipality, form.period())
    return render_template("figures/openness.html", form=form, figures=figures,
                           tables=openness_tables(figures), csv_endpoint=".openness_csv")


@bp.public("/tall.csv")
def openness_csv():
    period = PeriodForm(formdata=request.args).period()
    return csv_download(openness_tables(openness_figures(g.municipality, period)),
                f"apenhet-{g.municipality.slug}", period)


def _template_helpers() -> dict:
    return {"shown": shown, "month_name": month_name}


bp.context_processor(_template_helpers)
network_bp.context_processor(_template_helpers)
