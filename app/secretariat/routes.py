"""The secretariat's pages at /nettverk/ (network admins): members, activity, themes; and the
network cases, which member admins answer for their municipality."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.extensions import db
from app.core.pagination import page_number
from app.core.tenancy import MAX_ID
from app.core.views import requires, save
from app.municipalities.models import Municipality
from app.secretariat import bp, queries, services
from app.secretariat.forms import AnswerForm, CaseForm, ConfirmForm
from app.secretariat.labels import CASE_KIND_LABELS, CASE_PHASE_LABELS
from app.secretariat.models import NetworkCase
from app.secretariat.permissions import (
    can_act_for, can_answer, can_edit_case, can_view_case, member_municipalities, results_visible,
    runs_network, takes_part,
)


@bp.context_processor
def _template_globals() -> dict:
    return {"runs_network": runs_network,
            "case_kind_label": lambda case: CASE_KIND_LABELS[case.kind.value],
            "case_phase_label": lambda case: CASE_PHASE_LABELS[case.phase.value]}


@bp.route("/")
@requires(runs_network)
def index():
    show = request.args.get("vis", "alle")
    show = show if show in queries.SHOWS else "alle"
    q = request.args.get("q", "")
    return render_template("secretariat/index.html", q=q, show=show,
                           page=queries.municipalities(q, show, page_number()),
                           counts=queries.membership_counts())


def _get_or_404(model, object_id: int):
    """The row with this id, or 404 (also for an id too large for the column)."""
    obj = db.session.get(model, object_id) if 0 < object_id <= MAX_ID else None
    if obj is None:
        abort(404)
    return obj


def _membership(municipality_id: int, active: bool):
    municipality = _get_or_404(Municipality, municipality_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        message = (_("%(name)s is now a member. Its pages are open.",
                     name=municipality.display_name) if active else
                   _("%(name)s is no longer a member. Its pages are hidden; nothing was deleted, "
                     "and activating it again brings everything back.",
                     name=municipality.display_name))
        save(lambda: services.set_membership(municipality, current_user, active), success=message)
        return redirect(url_for(".index", q=municipality.name))
    return render_template("secretariat/membership.html", target=municipality,
                           active=active, form=form)


@bp.route("/kommuner/<int:municipality_id>/aktiver", methods=["GET", "POST"])
@requires(runs_network)
def activate(municipality_id: int):
    return _membership(municipality_id, True)


@bp.route("/kommuner/<int:municipality_id>/deaktiver", methods=["GET", "POST"])
@requires(runs_network)
def deactivate(municipality_id: int):
    return _membership(municipality_id, False)


@bp.route("/aktivitet")
@requires(runs_network)
def activity():
    return render_template("secretariat/activity.html", rows=queries.activity(),
                           days=queries.RECENT_DAYS)


@bp.route("/tema")
@requires(runs_network)
def themes():
    return render_template("secretariat/themes.html", matrix=queries.theme_matrix())


# --- network cases ---------------------------------------------------------------------------

@bp.route("/saker/")
@requires(takes_part)
def cases():
    members = member_municipalities(current_user)
    page = queries.cases(runs_network(current_user), page_number())
    ids = [case.id for case in page]
    return render_template("secretariat/cases.html", page=page, members=members,
                           answered=queries.answered_counts(ids),
                           mine=queries.answered_by(ids, [m.id for m in members]))


@bp.route("/saker/ny", methods=["GET", "POST"])
@requires(runs_network)
def new_case():
    form = CaseForm()
    if form.validate_on_submit():
        outcome = save(lambda: services.create_case(current_user, form.data), form=form,
                       success=_("The case is saved as a draft. Members see it when you publish it."))
        if outcome:
            return redirect(url_for(".case", case_id=outcome.value.id))
    return render_template("secretariat/case_form.html", form=form, case=None)


def _case(case_id: int) -> NetworkCase:
    case = _get_or_404(NetworkCase, case_id)
    if not can_view_case(current_user, case):
        abort(404)
    return case


@bp.route("/saker/<int:case_id>/endre", methods=["GET", "POST"])
@requires(runs_network)
def edit_case(case_id: int):
    case = _case(case_id)
    if not can_edit_case(current_user, case):
        abort(403)
    form = CaseForm(obj=case)
    if request.method == "GET":
        form.kind.data = case.kind.value
        form.fill_from(case)
    if form.validate_on_submit():
        if save(lambda: services.update_case(case, current_user, form.data), form=form,
                success=_("The draft is saved.")):
            return redirect(url_for(".case", case_id=case.id))
    return render_template("secretariat/case_form.html", form=form, case=case)


@bp.route("/saker/<int:case_id>/publiser", methods=["POST"])
@requires(runs_network)
def publish_case(case_id: int):
    case = _case(case_id)
    if ConfirmForm().validate_on_submit():
        save(lambda: services.publish_case(case, current_user),
             success=_("The case is published. The admins of every member can see it."))
    return redirect(url_for(".case", case_id=case.id))


def _case_page(case: NetworkCase, forms: dict | None = None):
    members = member_municipalities(current_user)
    forms = forms or {}
    for municipality in members:
        if municipality.id not in forms and can_answer(current_user, municipality, case):
            forms[municipality.id] = AnswerForm(prefix=f"m{municipality.id}", formdata=None)
        if municipality.id in forms:
            forms[municipality.id].for_case(case)
    shows_progress = runs_network(current_user) or results_visible(case)
    return render_template(
        "secretariat/case.html", case=case, members=members, forms=forms,
        own=queries.responses_of(case, members),
        results=queries.case_results(case) if shows_progress else None,
        publish_form=ConfirmForm() if can_edit_case(current_user, case) else None)


@bp.route("/saker/<int:case_id>")
@requires(takes_part)
def case(case_id: int):
    return _case_page(_case(case_id))


@bp.route("/saker/<int:case_id>/svar/<int:municipality_id>", methods=["POST"])
@requires(takes_part)
def answer(case_id: int, municipality_id: int):
    case = _case(case_id)
    municipality = _get_or_404(Municipality, municipality_id)
    if not can_act_for(current_user, municipality):
        abort(403)
    if not can_answer(current_user, municipality, case):
        flash(_("The case is not open for answers."), "error")
        return redirect(url_for(".case", case_id=case.id))
    form = AnswerForm(prefix=f"m{municipality.id}").for_case(case)
    if form.validate_on_submit() and save(
            lambda: services.answer_case(case, current_user, municipality, option_id=form.option.data,
                                         text=form.text.data),
            form=form, success=_("The answer of %(name)s is registered.",
                                 name=municipality.display_name)):
        return redirect(url_for(".case", case_id=case.id))
    return _case_page(case, {municipality.id: form})
