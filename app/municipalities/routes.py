from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core.extensions import db
from app.municipalities import bp, services
from app.municipalities.forms import SettingsForm
from app.municipalities.permissions import can_administer
from app.network.services import open_for_input


@bp.route("/")
def home():
    return render_template("municipalities/home.html", open_items=open_for_input([g.municipality]))


@bp.route("/personvern")
def privacy():
    return render_template("municipalities/privacy.html")


@bp.route("/admin/", methods=["GET", "POST"])
@login_required
def admin():
    municipality = g.municipality
    if not can_administer(current_user, municipality):
        abort(403)
    form = SettingsForm(municipality, obj=municipality, enabled_locales=municipality.locales,
                        moderation_mode=municipality.moderation_mode.value)
    if form.validate_on_submit():
        if services.update_settings(municipality, current_user, form.data):
            db.session.commit()
            flash(_("The settings are saved."), "success")
        else:
            flash(_("Nothing was changed."), "info")
        return redirect(url_for(".admin"))
    return render_template("municipalities/admin.html", form=form)

