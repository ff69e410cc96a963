"""The municipality's admin pages for ideas: its own themes beside the network's."""
from __future__ import annotations

from flask import g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.tenancy import get_scoped_or_404
from app.core.views import requires, save
from app.ideas import bp, queries, services
from app.ideas.forms import RetireThemeForm, ThemeForm
from app.ideas.models import MunicipalTheme
from app.ideas.permissions import can_manage_themes


@bp.route("/temaer", methods=["GET", "POST"])
@requires(can_manage_themes)
def themes():
    form = ThemeForm()
    if form.validate_on_submit() and save(
            lambda: services.add_theme(g.municipality, current_user, form.name.data),
            form=form, success=_("The theme is added.")):
        return redirect(url_for(".themes"))
    return render_template("ideas/admin/themes.html", form=form, retire_form=RetireThemeForm(),
                           themes=queries.municipal_themes(g.municipality, active_only=True))


@bp.route("/temaer/<int:theme_id>/fjern", methods=["POST"])
@requires(can_manage_themes)
def retire_theme(theme_id: int):
    theme = get_scoped_or_404(MunicipalTheme, theme_id)
    if RetireThemeForm().validate_on_submit():
        save(lambda: services.retire_theme(theme, current_user, g.municipality),
             success=_("The theme is no longer offered. Ideas that have it keep it."))
    return redirect(url_for(".themes"))
