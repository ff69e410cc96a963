"""Public pages: the list, a consultation, answering, changing and withdrawing an answer."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.consultations import bp, public, queries, services
from app.consultations.forms import ConfirmForm, answer_form_for
from app.consultations.labels import template_globals
from app.consultations.models import Consultation, ConsultationAnswer, Phase
from app.consultations.permissions import (
    answers_are_public, can_answer, can_change_answer, can_manage_consultations, can_see_answer,
    can_view_consultation,
)
from app.core.cache import cached_page
from app.core.i18n import preferred_written_form
from app.core.ratelimit import rate_limit
from app.core.tenancy import get_scoped_or_404
from app.core.views import save
from app.files.services import file_exists, serve_file


@bp.app_context_processor
def _labels():
    return template_globals()


def flash_changed(changed: bool, message: str) -> None:
    """`message` when a save changed something, else "Nothing was changed."."""
    if changed:
        flash(message, "success")
    else:
        flash(_("Nothing was changed."), "info")


def _consultation(consultation_id: int) -> Consultation:
    consultation = get_scoped_or_404(Consultation, consultation_id)
    if not can_view_consultation(current_user, consultation):
        abort(404)
    return consultation


def _own_answer(consultation: Consultation, answer_id: int) -> ConsultationAnswer:
    """The signed-in person's own answer to this consultation: 404 for another consultation's,
    403 for someone else's or one that can no longer be changed."""
    answer = get_scoped_or_404(ConsultationAnswer, answer_id)
    if answer.consultation_id != consultation.id:
        abort(404)
    if not can_change_answer(current_user, answer):
        abort(403)
    return answer


def _refusal(consultation: Consultation):
    """The page a closed (or not yet open) consultation answers with instead of a form."""
    return render_template("consultations/closed.html", consultation=consultation,
                           preferred=preferred_written_form()), 403


def _to_detail(consultation: Consultation):
    return redirect(url_for(".detail", consultation_id=consultation.id))


@public("/")
@cached_page
def index():
    return render_template("consultations/index.html",
                           consultations=queries.published_consultations(g.municipality),
                           preferred=preferred_written_form(),
                           can_manage=can_manage_consultations(current_user, g.municipality))


@public("/<int:consultation_id>")
@cached_page
def detail(consultation_id: int):
    consultation = _consultation(consultation_id)
    shown = answers_are_public(consultation)
    return render_template(
        "consultations/detail.html", consultation=consultation, preferred=preferred_written_form(),
        my_answers=queries.answers_of(consultation, current_user),
        answers=queries.approved_answers(consultation) if shown else [],
        answers_public=shown, can_answer=can_answer(current_user, consultation),
        can_manage=can_manage_consultations(current_user, g.municipality),
        withdraw_form=ConfirmForm())


@public("/<int:consultation_id>/svar", methods=["GET", "POST"])
@rate_limit("CONSULTATION_ANSWER_RATE_LIMIT", "30 per hour")
@login_required
def answer(consultation_id: int):
    consultation = _consultation(consultation_id)
    if not can_answer(current_user, consultation):
        return _refusal(consultation)
    form = answer_form_for(consultation, preferred_written_form())
    if form.validate_on_submit() and save(
            lambda: services.submit_answer(consultation, current_user, form.to_data(),
                                           form.attachment.data),
            form=form, success=_("Thank you. Your answer is received and waits for moderation. "
                                 "A receipt with a copy is on its way to your e-mail.")):
        return _to_detail(consultation)
    return render_template("consultations/answer.html", consultation=consultation, form=form,
                           preferred=preferred_written_form(), editing=None)


@public("/<int:consultation_id>/svar/<int:answer_id>/endre", methods=["GET", "POST"])
@login_required
def edit_answer(consultation_id: int, answer_id: int):
    consultation = _consultation(consultation_id)
    if consultation.phase is not Phase.open:
        return _refusal(consultation)
    answer = _own_answer(consultation, answer_id)
    form = answer_form_for(consultation, preferred_written_form(), editing=True,
                           data=_answer_values(answer))
    if form.validate_on_submit():
        outcome = save(lambda: services.change_answer(
            answer, current_user, form.to_data(), form.attachment.data,
            remove_attachment=form.remove_attachment.data), form=form)
        if outcome:
            flash_changed(outcome.value, _("Your answer is changed and waits for moderation "
                                           "again. A receipt is on its way."))
            return _to_detail(consultation)
    return render_template("consultations/answer.html", consultation=consultation, form=form,
                           preferred=preferred_written_form(), editing=answer)


def _answer_values(answer: ConsultationAnswer) -> dict:
    """The form's starting values (the notice is to be confirmed again, the file chosen anew)."""
    values = {"on_behalf": "organisation" if answer.organisation_name else "self",
              "organisation_name": answer.organisation_name or "",
              "organisation_number": answer.organisation_number or "", "text": answer.text}
    values.update({f"question_{reply.question_id}": reply.text for reply in answer.replies})
    return values


@public("/<int:consultation_id>/svar/<int:answer_id>/trekk", methods=["GET", "POST"])
@login_required
def withdraw_answer(consultation_id: int, answer_id: int):
    consultation = _consultation(consultation_id)
    if consultation.phase is not Phase.open:
        return _refusal(consultation)
    answer = _own_answer(consultation, answer_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        save(lambda: services.withdraw_answer(answer, current_user),
             success=_("Your answer is withdrawn. It will not be published or archived."))
        return _to_detail(consultation)
    return render_template("consultations/withdraw.html", consultation=consultation,
                           answer=answer, form=form, preferred=preferred_written_form())


@public("/<int:consultation_id>/svar/<int:answer_id>/vedlegg")
def attachment(consultation_id: int, answer_id: int):
    consultation = _consultation(consultation_id)
    answer = get_scoped_or_404(ConsultationAnswer, answer_id)
    # 404, not 403, for whoever may not see it: the same answer as /filer/<id> gives
    if answer.consultation_id != consultation.id or not can_see_answer(current_user, answer) \
            or answer.attachment is None or not file_exists(answer.attachment):
        abort(404)
    stored = answer.attachment
    shown = answer.is_approved and answers_are_public(consultation)
    return serve_file(stored, as_attachment=True, public=shown, max_age=600 if shown else 0)
