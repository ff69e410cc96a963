"""Administration under /<k>/admin/horinger/: the municipality's admins only."""
from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.consultations import answers as answer_services
from app.consultations import bp, exports, services
from app.core.clock import utc_to_oslo_naive
from app.consultations.forms import (
    ConclusionForm, ConfirmForm, ConsultationForm, ConsultationSettingsForm, DocumentForm,
    InviteForm,
)
from app.consultations.models import Consultation, Phase
from app.consultations.permissions import can_manage_consultations, can_moderate_answers
from app.core.extensions import db
from app.files.services import UploadError
from app.core.tenancy import get_scoped_or_404

ADMIN = "/admin/horinger"


def _require_admin() -> None:
    if not can_manage_consultations(current_user, g.municipality):
        abort(403)


def _managed(consultation_id: int) -> Consultation:
    consultation = get_scoped_or_404(Consultation, consultation_id)
    _require_admin()
    return consultation


def _render(template: str, consultation: Consultation | None = None, **context):
    return render_template(f"consultations/admin/{template}", consultation=consultation,
                           preferred=g.municipality.default_locale
                           if g.municipality.default_locale in ("nb", "nn") else "nb", **context)


@bp.route(f"{ADMIN}/", methods=["GET", "POST"])
@login_required
def admin_index():
    _require_admin()
    settings = services.settings_for(g.municipality)
    form = ConsultationSettingsForm(
        default_answer_visibility=settings.default_answer_visibility.value)
    if form.validate_on_submit():
        changed = services.update_settings(g.municipality, current_user,
                                           form.default_answer_visibility.data)
        db.session.commit()
        flash(_("The default is saved.") if changed else _("Nothing was changed."),
              "success" if changed else "info")
        return redirect(url_for(".admin_index"))
    return _render("index.html", consultations=services.all_consultations(g.municipality),
                   settings_form=form)


@bp.route(f"{ADMIN}/ny", methods=["GET", "POST"])
@login_required
def admin_new():
    _require_admin()
    default = services.settings_for(g.municipality).default_answer_visibility
    form = ConsultationForm(answer_visibility=default.value)
    if form.validate_on_submit():
        try:
            consultation = services.create_consultation(g.municipality, current_user, form.to_data())
        except services.ConsultationError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The draft is saved. Add documents and invited bodies, then publish."), "success")
            return redirect(url_for(".admin_edit", consultation_id=consultation.id))
    return _render("edit.html", form=form)


def _form_values(consultation: Consultation) -> dict:
    return {"kind": consultation.kind.value, "answer_visibility": consultation.answer_visibility.value,
            "theme": consultation.theme or "", "sdgs": consultation.sdg_list,
            "opens_at": utc_to_oslo_naive(consultation.opens_at),
            "closes_at": utc_to_oslo_naive(consultation.closes_at),
            "questions_nb": "\n".join(q.text_nb or "" for q in consultation.questions),
            "questions_nn": "\n".join(q.text_nn or "" for q in consultation.questions)}


@bp.route(f"{ADMIN}/<int:consultation_id>", methods=["GET", "POST"])
@login_required
def admin_edit(consultation_id: int):
    consultation = _managed(consultation_id)
    form = ConsultationForm(obj=consultation, data=_form_values(consultation))
    if form.validate_on_submit():
        try:
            changed = services.update_consultation(consultation, current_user, form.to_data())
        except services.ConsultationError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The consultation is saved.") if changed else _("Nothing was changed."),
                  "success" if changed else "info")
            return redirect(url_for(".admin_edit", consultation_id=consultation.id))
    return _render("edit.html", consultation, form=form, publish_form=ConfirmForm())


@bp.route(f"{ADMIN}/<int:consultation_id>/publiser", methods=["POST"])
@login_required
def admin_publish(consultation_id: int):
    consultation = _managed(consultation_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.publish_consultation(consultation, current_user)
        except services.ConsultationError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("The consultation is published."), "success")
    return redirect(url_for(".admin_edit", consultation_id=consultation.id))


@bp.route(f"{ADMIN}/<int:consultation_id>/slett", methods=["POST"])
@login_required
def admin_delete(consultation_id: int):
    consultation = _managed(consultation_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.delete_draft(consultation, current_user)
        except services.ConsultationError as error:
            flash(str(error), "error")
            return redirect(url_for(".admin_edit", consultation_id=consultation.id))
        db.session.commit()
        flash(_("The draft is deleted."), "success")
    return redirect(url_for(".admin_index"))


@bp.route(f"{ADMIN}/<int:consultation_id>/dokumenter", methods=["GET", "POST"])
@login_required
def admin_documents(consultation_id: int):
    consultation = _managed(consultation_id)
    form = DocumentForm()
    if form.validate_on_submit():
        try:
            services.add_document(consultation, current_user, form.document.data, form.title.data)
        except UploadError as error:
            form.document.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The document is added."), "success")
            return redirect(url_for(".admin_documents", consultation_id=consultation.id))
    return _render("documents.html", consultation, form=form, remove_form=ConfirmForm())


@bp.route(f"{ADMIN}/<int:consultation_id>/dokumenter/<int:document_id>/fjern", methods=["POST"])
@login_required
def admin_remove_document(consultation_id: int, document_id: int):
    consultation = _managed(consultation_id)
    document = next((d for d in consultation.documents if d.id == document_id), None)
    if document is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        services.remove_document(consultation, current_user, document)
        db.session.commit()
        flash(_("The document is removed."), "success")
    return redirect(url_for(".admin_documents", consultation_id=consultation.id))


@bp.route(f"{ADMIN}/<int:consultation_id>/instanser", methods=["GET", "POST"])
@login_required
def admin_invitees(consultation_id: int):
    consultation = _managed(consultation_id)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            added = services.invite_bodies(consultation, current_user, form.entries)
        except services.ConsultationError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("%(count)d bodies added.", count=len(added)), "success")
            return redirect(url_for(".admin_invitees", consultation_id=consultation.id))
    return _render("invitees.html", consultation, form=form, remove_form=ConfirmForm())


@bp.route(f"{ADMIN}/<int:consultation_id>/instanser/<int:invitee_id>/fjern", methods=["POST"])
@login_required
def admin_remove_invitee(consultation_id: int, invitee_id: int):
    consultation = _managed(consultation_id)
    invitee = next((i for i in consultation.invitees if i.id == invitee_id), None)
    if invitee is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        services.remove_invitee(consultation, current_user, invitee)
        db.session.commit()
        flash(_("The body is removed from the list."), "success")
    return redirect(url_for(".admin_invitees", consultation_id=consultation.id))


@bp.route(f"{ADMIN}/<int:consultation_id>/konklusjon", methods=["GET", "POST"])
@login_required
def admin_conclude(consultation_id: int):
    consultation = _managed(consultation_id)
    form = ConclusionForm(obj=consultation)
    if consultation.phase in (Phase.closed, Phase.concluded) and form.validate_on_submit():
        try:
            mailed = services.publish_conclusion(consultation, current_user, form.data)
        except services.ConsultationError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The conclusion is published; %(count)d people who answered were told by "
                    "e-mail.", count=mailed), "success")
            return redirect(url_for(".admin_conclude", consultation_id=consultation.id))
    return _render("conclusion.html", consultation, form=form)


@bp.route(f"{ADMIN}/<int:consultation_id>/svar")
@login_required
def admin_answers(consultation_id: int):
    consultation = _managed(consultation_id)
    return _render("answers.html", consultation, answers=consultation.answers,
                   approved=answer_services.approved_answers(consultation),
                   may_moderate=can_moderate_answers(current_user, g.municipality))


@bp.route(f"{ADMIN}/<int:consultation_id>/eksport/<fmt>")
@login_required
def admin_export(consultation_id: int, fmt: str):
    consultation = _managed(consultation_id)
    if fmt not in exports.FORMATS:
        abort(404)
    data, mimetype, filename = exports.export_answers(consultation, current_user, fmt)
    db.session.commit()
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
