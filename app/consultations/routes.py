"""Public pages: the list, a consultation, answering, changing and withdrawing an answer."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.consultations import answers as answer_services
from app.consultations import bp, services
from app.consultations.forms import ConfirmForm, answer_form_for
from app.consultations.labels import template_globals
from app.consultations.models import Consultation, ConsultationAnswer, Phase
from app.consultations.permissions import (
    answers_are_public, can_answer, can_change_answer, can_manage_consultations, can_see_answer,
    can_view_consultation,
)
from app.core.extensions import db, limiter
from app.files.services import UploadError, path_of
from app.core.tenancy import get_scoped_or_404


@bp.app_context_processor
def _labels():
    return template_globals()


def preferred_form() -> str:
    """The written form to show content in: the visitor's, else the municipality's."""
    locale = str(get_locale() or "nb")
    if locale in ("nb", "nn"):
        return locale
    default = g.municipality.default_locale
    return default if default in ("nb", "nn") else "nb"


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


@bp.route("/horinger/")
def index():
    consultations = services.published_consultations(g.municipality)
    return render_template("consultations/index.html", consultations=consultations,
                           preferred=preferred_form(),
                           can_manage=can_manage_consultations(current_user, g.municipality))


@bp.route("/horinger/<int:consultation_id>")
def detail(consultation_id: int):
    consultation = _consultation(consultation_id)
    public = answers_are_public(consultation)
    return render_template(
        "consultations/detail.html", consultation=consultation, preferred=preferred_form(),
        my_answers=answer_services.answers_of(consultation, current_user),
        answers=answer_services.approved_answers(consultation) if public else [],
        answers_public=public, can_answer=can_answer(current_user, consultation),
        can_manage=can_manage_consultations(current_user, g.municipality),
        withdraw_form=ConfirmForm())


def _refusal(consultation: Consultation):
    """The page a closed (or not yet open) consultation answers with instead of a form."""
    return render_template("consultations/closed.html", consultation=consultation,
                           preferred=preferred_form()), 403


@bp.route("/horinger/<int:consultation_id>/svar", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
@login_required
def answer(consultation_id: int):
    consultation = _consultation(consultation_id)
    if not can_answer(current_user, consultation):
        return _refusal(consultation)
    form = answer_form_for(consultation, preferred_form())
    if form.validate_on_submit():
        try:
            answer_services.submit_answer(consultation, current_user, form.to_data(),
                                          form.attachment.data)
        except (services.ConsultationError, UploadError) as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Thank you. Your answer is received and waits for moderation. A receipt with "
                    "a copy is on its way to your e-mail."), "success")
            return redirect(url_for(".detail", consultation_id=consultation.id))
    return render_template("consultations/answer.html", consultation=consultation, form=form,
                           preferred=preferred_form(), editing=None)


@bp.route("/horinger/<int:consultation_id>/svar/<int:answer_id>/endre", methods=["GET", "POST"])
@login_required
def edit_answer(consultation_id: int, answer_id: int):
    consultation = _consultation(consultation_id)
    if consultation.phase is not Phase.open:
        return _refusal(consultation)
    answer = _own_answer(consultation, answer_id)
    form = answer_form_for(consultation, preferred_form(), editing=True,
                           data=_answer_values(answer))
    if form.validate_on_submit():
        try:
            changed = answer_services.change_answer(
                answer, current_user, form.to_data(), form.attachment.data,
                remove_attachment=form.remove_attachment.data)
        except (services.ConsultationError, UploadError) as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Your answer is changed and waits for moderation again. A receipt is on its "
                    "way.") if changed else _("Nothing was changed."), "success" if changed else "info")
            return redirect(url_for(".detail", consultation_id=consultation.id))
    return render_template("consultations/answer.html", consultation=consultation, form=form,
                           preferred=preferred_form(), editing=answer)


def _answer_values(answer: ConsultationAnswer) -> dict:
    """The form's starting values (the notice is to be confirmed again, the file chosen anew)."""
    values = {"on_behalf": "organisation" if answer.organisation_name else "self",
              "organisation_name": answer.organisation_name or "",
              "organisation_number": answer.organisation_number or "", "text": answer.text}
    values.update({f"question_{reply.question_id}": reply.text for reply in answer.replies})
    return values


@bp.route("/horinger/<int:consultation_id>/svar/<int:answer_id>/trekk", methods=["GET", "POST"])
@login_required
def withdraw_answer(consultation_id: int, answer_id: int):
    consultation = _consultation(consultation_id)
    if consultation.phase is not Phase.open:
        return _refusal(consultation)
    answer = _own_answer(consultation, answer_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        answer_services.withdraw_answer(answer, current_user)
        db.session.commit()
        flash(_("Your answer is withdrawn. It will not be published or archived."), "success")
        return redirect(url_for(".detail", consultation_id=consultation.id))
    return render_template("consultations/withdraw.html", consultation=consultation,
                           answer=answer, form=form, preferred=preferred_form())


@bp.route("/horinger/<int:consultation_id>/svar/<int:answer_id>/vedlegg")
def attachment(consultation_id: int, answer_id: int):
    consultation = _consultation(consultation_id)
    answer = get_scoped_or_404(ConsultationAnswer, answer_id)
    if answer.consultation_id != consultation.id or answer.attachment is None \
            or not path_of(answer.attachment).exists():
        abort(404)
    if not can_see_answer(current_user, answer):
        abort(403)
    stored = answer.attachment
    public = answer.is_approved and answers_are_public(consultation)
    response = send_file(path_of(stored), mimetype=stored.content_type,
                         download_name=stored.filename, as_attachment=True,
                         max_age=0 if not public else 600)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox; frame-ancestors 'none'"
    if not public:
        response.headers["Cache-Control"] = "private, no-store"
    return response
