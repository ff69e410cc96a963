"""Administration under /<k>/admin/horinger/: the municipality's admins only."""
from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.accounts.models import User
from app.consultations import admin, admin_services, machine_drafts, queries
from app.consultations.forms import (
    ConclusionForm, ConfirmForm, ConsultationForm, ConsultationSettingsForm, DocumentForm,
    DraftReviewForm, InviteForm, MachineDraftForm,
)
from app.consultations.models import Consultation, Phase
from app.consultations.permissions import can_manage_consultations, can_moderate_answers
from app.consultations.routes import flash_changed
from app.core.clock import utc_to_oslo_naive
from app.core.extensions import db
from app.core.exports import csv_response
from app.core.i18n import WRITTEN_FORMS
from app.core.tenancy import get_scoped_or_404
from app.core.views import requires, save

manages = requires(can_manage_consultations)


def _render(template: str, consultation: Consultation | None = None, **context):
    """An admin page, in the municipality's own written form."""
    default = g.municipality.default_locale
    return render_template(f"consultations/admin/{template}", consultation=consultation,
                           preferred=default if default in WRITTEN_FORMS else "nb", **context)


def _to(endpoint: str, consultation: Consultation):
    return redirect(url_for(f".{endpoint}", consultation_id=consultation.id))


@admin("/", methods=["GET", "POST"])
@manages
def admin_index():
    settings = queries.settings_for(g.municipality)
    form = ConsultationSettingsForm(
        default_answer_visibility=settings.default_answer_visibility.value)
    if form.validate_on_submit():
        outcome = save(lambda: admin_services.update_settings(
            g.municipality, current_user, form.default_answer_visibility.data), form=form)
        if outcome:
            flash_changed(outcome.value, _("The default is saved."))
            return redirect(url_for(".admin_index"))
    return _render("index.html", consultations=queries.all_consultations(g.municipality),
                   settings_form=form)


@admin("/ny", methods=["GET", "POST"])
@manages
def admin_new():
    default = queries.settings_for(g.municipality).default_answer_visibility
    form = ConsultationForm(answer_visibility=default.value)
    if form.validate_on_submit():
        outcome = save(lambda: admin_services.create_consultation(
            g.municipality, current_user, form.to_data()), form=form,
            success=_("The draft is saved. Add documents and invited bodies, then publish."))
        if outcome:
            return _to("admin_edit", outcome.value)
    return _render("edit.html", form=form)


def _form_values(consultation: Consultation) -> dict:
    return {"kind": consultation.kind.value, "answer_visibility": consultation.answer_visibility.value,
            "theme": consultation.theme or "", "sdgs": consultation.sdgs,
            "opens_at": utc_to_oslo_naive(consultation.opens_at),
            "closes_at": utc_to_oslo_naive(consultation.closes_at),
            "questions_nb": "\n".join(q.text_nb or "" for q in consultation.questions),
            "questions_nn": "\n".join(q.text_nn or "" for q in consultation.questions)}


@admin("/<int:consultation_id>", methods=["GET", "POST"])
@manages
def admin_edit(consultation_id: int):
    consultation = get_scoped_or_404(Consultation, consultation_id)
    form = ConsultationForm(obj=consultation, data=_form_values(consultation))
    if form.validate_on_submit():
        outcome = save(lambda: admin_services.update_consultation(
            consultation, current_user, form.to_data()), form=form)
        if outcome:
            flash_changed(outcome.value, _("The consultation is saved."))
            return _to("admin_edit", consultation)
    return _render("edit.html", consultation, form=form, publish_form=ConfirmForm(),
                   **_draft_context(consultation))


def _draft_context(consultation: Consultation) -> dict:
    """What the edit page needs for the machine draft box and the review notice."""
    reviewer = consultation.draft_reviewed_by_id
    return {"can_draft": machine_drafts.can_draft(consultation),
            "draft_source": machine_drafts.draft_source(consultation),
            "draft_form": MachineDraftForm(), "review_form": DraftReviewForm(),
            "reviewer": db.session.get(User, reviewer) if reviewer else None}


@admin("/<int:consultation_id>/maskinutkast", methods=["POST"])
@manages
def admin_machine_draft(consultation_id: int):
    """Fill the other written form with a machine draft; refused (flashed) without an engine."""
    consultation = get_scoped_or_404(Consultation, consultation_id)
    form = MachineDraftForm()
    if form.validate_on_submit():
        outcome = save(lambda: machine_drafts.make_machine_draft(
            consultation, current_user, replace=form.replace.data))
        if outcome:
            flash(ngettext("The machine draft is made: %(num)d text. Read it through and correct "
                           "it before you publish.", "The machine draft is made: %(num)d texts. "
                           "Read them through and correct them before you publish.",
                           outcome.value), "success")
    return _to("admin_edit", consultation)


@admin("/<int:consultation_id>/maskinutkast/gjennomlest", methods=["POST"])
@manages
def admin_review_draft(consultation_id: int):
    consultation = get_scoped_or_404(Consultation, consultation_id)
    form = DraftReviewForm()
    if form.validate_on_submit():
        save(lambda: machine_drafts.confirm_review(consultation, current_user),
             success=_("Thank you: the machine draft is marked as read through."))
    for error in form.confirmed.errors:
        flash(error, "error")
    return _to("admin_edit", consultation)


@admin("/<int:consultation_id>/publiser", methods=["POST"])
@manages
def admin_publish(consultation_id: int):
    consultation = get_scoped_or_404(Consultation, consultation_id)
    if ConfirmForm().validate_on_submit():
        save(lambda: admin_services.publish_consultation(consultation, current_user),
             success=_("The consultation is published."))
    return _to("admin_edit", consultation)


@admin("/<int:consultation_id>/slett", methods=["POST"])
@manages
def admin_delete(consultation_id: int):
    consultation = get_scoped_or_404(Consultation, consultation_id)
    if ConfirmForm().validate_on_submit() and not save(
            lambda: admin_services.delete_draft(consultation, current_user),
            success=_("The draft is deleted.")):
        return _to("admin_edit", consultation)
    return redirect(url_for(".admin_index"))


@admin("/<int:consultation_id>/dokumenter", methods=["GET", "POST"])
@manages
def admin_documents(consultation_id: int):
    consultation = get_scoped_or_404(Consultation, consultation_id)
    form = DocumentForm()
    if form.validate_on_submit() and save(
            lambda: admin_services.add_document(consultation, current_user, form.document.data,
                                                form.title.data),
            form=form, success=_("The document is added.")):
        return _to("admin_documents", consultation)
    return _render("documents.html", consultation, form=form, remove_form=ConfirmForm())


@admin("/<int:consultation_id>/dokumenter/<int:document_id>/fjern", methods=["POST"])
@manages
def admin_remove_document(consultation_id: int, document_id: int):
    consultation = get_scoped_or_404(Consultation, consultation_id)
    document = next((d for d in consultation.documents if d.id == document_id), None)
    if document is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        save(lambda: admin_services.remove_document(consultation, current_user, document),
             success=_("The document is removed."))
    return _to("admin_documents", consultation)


@admin("/<int:consultation_id>/instanser", methods=["GET", "POST"])
@manages
def admin_invitees(consultation_id: int):
    consultation = get_scoped_or_404(Consultation, consultation_id)
    form = InviteForm()
    if form.validate_on_submit():
        outcome = save(lambda: admin_services.invite_bodies(consultation, current_user,
                                                            form.entries), form=form)
        if outcome:
            flash(_("%(count)d bodies added.", count=len(outcome.value)), "success")
            return _to("admin_invitees", consultation)
    return _render("invitees.html", consultation, form=form, remove_form=ConfirmForm())


@admin("/<int:consultation_id>/instanser/<int:invitee_id>/fjern", methods=["POST"])
@manages
def admin_remove_invitee(consultation_id: int, invitee_id: int):
    consultation = get_scoped_or_404(Consultation, consultation_id)
    invitee = next((i for i in consultation.invitees if i.id == invitee_id), None)
    if invitee is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        save(lambda: admin_services.remove_invitee(consultation, current_user, invitee),
             success=_("The body is removed from the list."))
    return _to("admin_invitees", consultation)


@admin("/<int:consultation_id>/konklusjon", methods=["GET", "POST"])
@manages
def admin_conclude(consultation_id: int):
    consultation = get_scoped_or_404(Consultation, consultation_id)
    form = ConclusionForm(obj=consultation)
    if consultation.phase in (Phase.closed, Phase.concluded) and form.validate_on_submit():
        outcome = save(lambda: admin_services.publish_conclusion(consultation, current_user,
                                                                 form.data), form=form)
        if outcome:
            flash(_("The conclusion is published; %(count)d people who answered were told by "
                    "e-mail.", count=outcome.value), "success")
            return _to("admin_conclude", consultation)
    return _render("conclusion.html", consultation, form=form)


@admin("/<int:consultation_id>/svar")
@manages
def admin_answers(consultation_id: int):
    consultation = get_scoped_or_404(Consultation, consultation_id)
    return _render("answers.html", consultation, answers=consultation.answers,
                   approved=queries.approved_answers(consultation),
                   may_moderate=can_moderate_answers(current_user, g.municipality))


@admin("/<int:consultation_id>/eksport/<fmt>")
@manages
def admin_export(consultation_id: int, fmt: str):
    """A download, so a GET; the one GET here that commits: the audit log's record of who took
    the answers' personal data out."""
    consultation = get_scoped_or_404(Consultation, consultation_id)
    if fmt not in queries.FORMATS:
        abort(404)
    data, mimetype, filename = save(
        lambda: admin_services.export_answers(consultation, current_user, fmt)).value
    if fmt == "csv":
        return csv_response(data, filename)
    response = Response(data, content_type=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
