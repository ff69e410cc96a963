"""Pages of the privacy area: the account's own contributions, data and deletion (/konto/…), the
municipality's privacy notice (/<k>/personvern) and its retention overview for admins."""
from __future__ import annotations

import json

from flask import Response, g, redirect, render_template, session, url_for
from flask_babel import get_locale
from flask_login import current_user, logout_user

from app.accounts.queries import SESSION_KEY
from app.core.clock import utcnow
from app.core.pagination import page_number
from app.core.ratelimit import rate_limit
from app.core.views import requires, save
from app.privacy import bp, queries, retention, services, tenant_bp
from app.privacy.export import export_for
from app.privacy.forms import DeleteAccountForm
from app.privacy.labels import KIND_LABELS
from app.privacy.notice import notice_context, retention_overview
from app.privacy.permissions import can_manage_own_data, can_see_retention


@bp.route("/mine-bidrag")
@requires(can_manage_own_data)
def contributions():
    page = queries.contributions(current_user, page_number())
    return render_template("privacy/contributions.html", page=page, kind_labels=KIND_LABELS)


@bp.route("/mine-data")
@requires(can_manage_own_data)
def export():
    return render_template("privacy/export.html")


@bp.route("/mine-data/last-ned")
@requires(can_manage_own_data)
def download():
    body = json.dumps(export_for(current_user), ensure_ascii=False, indent=2)
    stamp = utcnow().strftime("%Y%m%d")
    response = Response(body, content_type="application/json; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="mine-data-{stamp}.json"'
    return response


@bp.route("/slett", methods=["GET", "POST"])
@requires(can_manage_own_data)
@rate_limit("DELETE_ACCOUNT_RATE_LIMIT", "10 per hour", per="user")
def delete():
    form = DeleteAccountForm()
    word = services.CONFIRMATION_WORDS.get(str(get_locale() or "nb"), "SLETT")
    has_password = services.has_password(current_user)
    if form.validate_on_submit():
        user = current_user._get_current_object()

        def erase():
            services.check_confirmation(user, form.password.data, form.confirmation.data, word)
            return services.delete_account(user)

        if save(erase, form=form):
            logout_user()
            session.pop(SESSION_KEY, None)
            return redirect(url_for("mydata.deleted"))
    return render_template("privacy/delete.html", form=form, word=word,
                           has_password=has_password)


@bp.route("/slettet")
def deleted():
    return render_template("privacy/deleted.html")


@tenant_bp.public("")
def notice():
    return render_template("privacy/notice.html", **notice_context(g.municipality))


@tenant_bp.admin("/")
@requires(can_see_retention)
def admin_index():
    return render_template("privacy/admin/index.html",
                           **retention_overview(g.municipality, retention.plan([g.municipality])))
