"""The municipality's admin pages: its settings and its identity (logo, colour, welcome, header
image)."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.views import requires, save, show_error
from app.municipalities import bp, queries, services
from app.municipalities.forms import IdentityForm, SettingsForm
from app.municipalities.identity import IdentityError, draft_welcome
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


@bp.route("/admin/utseende/", methods=["GET", "POST"])
@requires(can_change_settings)
def identity():
    municipality = g.municipality
    header = queries.image_of(municipality, municipality.header_image_id)
    form = IdentityForm(municipality, header_alt=header.alt_text if header else "")
    page = lambda drafted=None: render_template(  # noqa: E731
        "municipalities/admin/identity.html", form=form, header=header, drafted=drafted)
    if not form.validate_on_submit():
        return page()
    if form.draft.data:  # a machine draft to read and correct; nothing is saved yet
        try:
            drafted, text = draft_welcome(form.welcome_nb.data, form.welcome_nn.data)
        except IdentityError as error:
            show_error(error, form)
            return page()
        form[f"welcome_{drafted}"].data = text
        return page(drafted)
    outcome = save(lambda: services.update_identity(
        municipality, current_user, form.data, logo=form.logo.data,
        header_image=form.header_image.data), form=form)
    if not outcome:
        return page()
    flash(_("The appearance is saved.") if outcome.value else _("Nothing was changed."),
          "success" if outcome.value else "info")
    return redirect(url_for(".identity"))
