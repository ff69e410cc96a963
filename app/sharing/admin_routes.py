"""The admin pages of sharing, for the municipality's admins: what other members share
(/<k>/admin/fra-nettverket/), one shared item read-only with its copy button, and the share
and stop-sharing buttons of the municipality's own items."""
from __future__ import annotations

from flask import abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.tenancy import get_scoped_or_404
from app.core.views import requires, save
from app.sharing import bp, queries, services
from app.sharing.forms import ConfirmForm
from app.sharing.kinds import kind_or_404
from app.sharing.labels import kind_choices, kind_label
from app.sharing.permissions import can_use_network
from app.surveys.labels import QUESTION_TYPE_LABELS
from app.votes.labels import eligibility_name, how_to_vote

route = bp.admin


@bp.context_processor
def _words():
    return {"kind_label": kind_label, "how_to_vote": how_to_vote,
            "eligibility_name": eligibility_name, "question_types": QUESTION_TYPE_LABELS}


@route("/")
@requires(can_use_network)
def admin_index():
    members = queries.members(g.municipality)
    filters = queries.parse_filters(request.args, {m.slug for m in members})
    return render_template("sharing/admin/index.html", filters=filters, members=members,
                           page=queries.shared_page(g.municipality, filters, members),
                           kinds=kind_choices())


def _shared_or_404(kind_slug: str, item_id: int) -> queries.Shared:
    shared = queries.shared_item(kind_or_404(kind_slug), item_id, g.municipality)
    if shared is None:
        abort(404)
    return shared


@route("/<kind>/<int:item_id>")
@requires(can_use_network)
def admin_preview(kind: str, item_id: int):
    shared = _shared_or_404(kind, item_id)
    return render_template("sharing/admin/preview.html", shared=shared, form=ConfirmForm())


@route("/<kind>/<int:item_id>/kopier", methods=["POST"])
@requires(can_use_network)
def admin_copy(kind: str, item_id: int):
    shared = _shared_or_404(kind, item_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    outcome = save(lambda: services.copy_item(shared.item, current_user, g.municipality),
                   success=_("The copy is saved as a draft of your own. Check the texts and "
                             "dates before you publish it."))
    if not outcome:
        return redirect(url_for(".admin_preview", kind=kind, item_id=item_id))
    return redirect(url_for(shared.kind.admin_endpoint,
                            **shared.kind.admin_url_values(outcome.value)))


def _share_action(kind_slug: str, item_id: int, action, success: str):
    kind = kind_or_404(kind_slug)
    item = get_scoped_or_404(kind.model, item_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    save(lambda: action(item, current_user, g.municipality), success=success)
    return redirect(url_for(kind.admin_endpoint, **kind.admin_url_values(item)))


@route("/del/<kind>/<int:item_id>", methods=["POST"])
@requires(can_use_network)
def admin_share(kind: str, item_id: int):
    return _share_action(kind, item_id, services.share_item,
                         _("Shared with the network: other members can now copy it."))


@route("/del/<kind>/<int:item_id>/stopp", methods=["POST"])
@requires(can_use_network)
def admin_unshare(kind: str, item_id: int):
    return _share_action(kind, item_id, services.unshare_item,
                         _("No longer shared. Copies already made stay with those who made them."))
