"""The municipality's admin pages: its settings."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.views import requires, save
from app.municipalities import bp, services
from app.municipalities.forms import SettingsForm
from app.municipalities.permissions import can_change_settings


@bp.route("/admin/", methods=["GET", "POST"])
@requires(can_change_settings)
def admin():
    municipality = g.municipality
    form = SettingsForm(municipality)  # starts from the stored settings: see settings_data
    if not form.validate_on_submit():
        return render_template("municipalities/admin/settings.html", form=form)
    outcome = save(lambda: services.update_settings(municipality, current_user, form.data),
                   form=form)
    if not outcome:
        return render_template("municipalities/admin/settings.html", form=form)
    if outcome.value:
        flash(_("The settings are saved."), "success")
    else:
        flash(_("Nothing was changed."), "info")
    return redirect(url_for(".admin"))
