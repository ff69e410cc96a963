"""Participation figures: a municipality's admins (`/<k>/admin/deltakelse/`) and the network's
secretariat across members (`/nettverk/deltakelse/`), each table also as CSV."""
from __future__ import annotations

from flask import g, render_template, request

from app.core.views import requires
from app.figures import bp, network_bp, queries
from app.figures.forms import PeriodForm
from app.figures.permissions import can_see_network_participation, can_see_participation
from app.figures.tables import csv_download, participation_tables


@bp.admin("/")
@requires(can_see_participation)
def participation():
    form = PeriodForm(formdata=request.args)
    figures = queries.municipality_participation(form.period(), g.municipality)
    return render_template("figures/admin/participation.html", form=form, figures=figures,
                           tables=participation_tables(figures), csv_endpoint=".participation_csv")


@bp.admin("/tall.csv")
@requires(can_see_participation)
def participation_csv():
    period = PeriodForm(formdata=request.args).period()
    figures = queries.municipality_participation(period, g.municipality)
    return csv_download(participation_tables(figures), f"deltakelse-{g.municipality.slug}", period)


@network_bp.route("/")
@requires(can_see_network_participation)
def network():
    form = PeriodForm(formdata=request.args)
    figures = queries.network_participation(form.period())
    return render_template("figures/network.html", form=form, figures=figures,
                           tables=participation_tables(figures), csv_endpoint=".network_csv")


@network_bp.route("/tall.csv")
@requires(can_see_network_participation)
def network_csv():
    period = PeriodForm(formdata=request.args).period()
    return csv_download(participation_tables(queries.network_participation(period)),
                "deltakelse-nettverket", period)
