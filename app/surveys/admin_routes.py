"""The survey builder, preview, results and export: for the municipality's admins.

Every page is guarded by `@requires(can_manage_surveys)` and loads its survey through
`get_scoped_or_404`; every write goes through one service call in `save(...)`.
"""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.accounts.models import User
from app.core.clock import utc_to_oslo_naive
from app.core.extensions import db
from app.core.exports import csv_response
from app.core.i18n import localized
from app.core.tenancy import get_scoped_or_404
from app.core.views import requires, save
from app.surveys import admin, admin_services, machine_drafts, queries, results
from app.surveys.forms import (
    ConfirmForm, DraftReviewForm, MachineDraftForm, MoveForm, QuestionForm, SectionForm,
    SurveyForm,
)
from app.surveys.labels import QUESTION_TYPE_LABELS
from app.surveys.models import QuestionType, Survey, SurveyQuestion, SurveySection
from app.surveys.permissions import can_manage_surveys
from app.surveys.services import read_answers
from app.surveys.tokens import issue_form_token


def _part(model, survey: Survey, object_id: int):
    """A section or question of `survey` (404 for one of another survey or municipality)."""
    obj = get_scoped_or_404(model, object_id)
    if obj.survey_id != survey.id:
        abort(404)
    return obj


def _to_builder(survey: Survey, anchor: str = ""):
    return redirect(url_for(".admin_builder", survey_id=survey.id) + anchor)


def _form_page(form, title: str, survey: Survey | None = None, **context):
    return render_template("surveys/admin/form.html", form=form, title=title, survey=survey,
                           **context)


def _confirmed(form, call, success: str | None = None) -> None:
    """A button's POST: 400 without a valid form, else the service call through `save` (a
    refusal is flashed)."""
    if not form.validate_on_submit():
        abort(400)
    save(call, success=success)


@admin("/")
@requires(can_manage_surveys)
def admin_index():
    surveys = queries.surveys_of(g.municipality)
    return render_template("surveys/admin/index.html", surveys=surveys,
                           counts=queries.response_counts(surveys))


@admin("/ny", methods=["GET", "POST"])
@requires(can_manage_surveys)
def admin_create():
    form = SurveyForm(languages_choice=g.municipality.default_locale
                      if g.municipality.default_locale in ("nb", "nn") else "nb")
    if form.validate_on_submit():
        outcome = save(lambda: admin_services.create_survey(g.municipality, current_user,
                                                            form.settings()),
                       success=_("The survey is created as a draft. Add questions, then publish it."))
        if outcome:
            return _to_builder(outcome.value)
    return _form_page(form, _("New survey"))


@admin("/<int:survey_id>/")
@requires(can_manage_surveys)
def admin_builder(survey_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    return render_template(
        "surveys/admin/builder.html", survey=survey, locked=queries.is_locked(survey),
        responses=queries.response_count(survey), problems=queries.publication_problems(survey),
        question_types=QUESTION_TYPE_LABELS, action_form=ConfirmForm(), move_form=MoveForm(),
        **_draft_context(survey))


def _draft_context(survey: Survey) -> dict:
    """What the builder needs for the machine draft box and the review notice."""
    reviewer = survey.draft_reviewed_by_id
    return {"can_draft": machine_drafts.can_draft(survey),
            "draft_source": machine_drafts.draft_source(survey),
            "draft_form": MachineDraftForm(), "review_form": DraftReviewForm(),
            "reviewer": db.session.get(User, reviewer) if reviewer else None}


@admin("/<int:survey_id>/maskinutkast", methods=["POST"])
@requires(can_manage_surveys)
def admin_machine_draft(survey_id: int):
    """Fill the other written form with a machine draft; refused (flashed) without an engine."""
    survey = get_scoped_or_404(Survey, survey_id)
    form = MachineDraftForm()
    if not form.validate_on_submit():
        abort(400)
    outcome = save(lambda: machine_drafts.make_machine_draft(survey, current_user,
                                                             replace=form.replace.data))
    if outcome:
        flash(ngettext("The machine draft is made: %(num)d text. Read it through and correct "
                       "it before you publish.", "The machine draft is made: %(num)d texts. "
                       "Read them through and correct them before you publish.",
                       outcome.value), "success")
    return _to_builder(survey, "#machine-draft")


@admin("/<int:survey_id>/maskinutkast/gjennomlest", methods=["POST"])
@requires(can_manage_surveys)
def admin_review_draft(survey_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    form = DraftReviewForm()
    if form.validate_on_submit():
        save(lambda: machine_drafts.confirm_review(survey, current_user),
             success=_("Thank you: the machine draft is marked as read through."))
    elif "csrf_token" in form.errors:
        abort(400)
    for error in form.confirmed.errors:
        flash(error, "error")
    return _to_builder(survey, "#machine-draft")


@admin("/<int:survey_id>/innstillinger", methods=["GET", "POST"])
@requires(can_manage_surveys)
def admin_edit(survey_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    form = SurveyForm(obj=survey, languages_choice=survey.languages,
                      requires_login="login" if survey.requires_login else "anonymous",
                      opens_at=utc_to_oslo_naive(survey.opens_at),
                      closes_at=utc_to_oslo_naive(survey.closes_at))
    if form.validate_on_submit():
        if save(lambda: admin_services.update_survey(survey, current_user, form.settings()),
                success=_("The settings are saved.")):
            return _to_builder(survey)
        return _form_page(form, _("Survey settings"), survey), 409
    return _form_page(form, _("Survey settings"), survey)


@admin("/<int:survey_id>/publiser", methods=["POST"])
@requires(can_manage_surveys)
def admin_publish(survey_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    outcome = save(lambda: admin_services.publish_survey(survey, current_user))
    for problem in outcome.value or []:  # nothing changes while there are problems
        flash(problem, "error")
    if outcome and not outcome.value:
        flash(_("The survey is published."), "success")
    return _to_builder(survey)


@admin("/<int:survey_id>/til-utkast", methods=["POST"])
@requires(can_manage_surveys)
def admin_unpublish(survey_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    _confirmed(ConfirmForm(), lambda: admin_services.unpublish_survey(survey, current_user),
               success=_("The survey is a draft again."))
    return _to_builder(survey)


@admin("/<int:survey_id>/avslutt", methods=["POST"])
@requires(can_manage_surveys)
def admin_close(survey_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    _confirmed(ConfirmForm(), lambda: admin_services.close_survey(survey, current_user),
               success=_("The survey is closed and takes no more answers."))
    return _to_builder(survey)


@admin("/<int:survey_id>/slett", methods=["GET", "POST"])
@requires(can_manage_surveys)
def admin_delete(survey_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    form = ConfirmForm()
    form.submit.label.text = _("Delete the survey and all its answers")
    if form.validate_on_submit() and save(
            lambda: admin_services.delete_survey(survey, current_user),
            success=_("The survey is deleted.")):
        return redirect(url_for(".admin_index"))
    return _form_page(form, _("Delete survey"), survey, responses=queries.response_count(survey),
                      danger=True)


@admin("/<int:survey_id>/seksjoner/ny", methods=["GET", "POST"])
@requires(can_manage_surveys)
def section_new(survey_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    form = SectionForm(survey.language_list)
    if form.validate_on_submit():
        outcome = save(lambda: admin_services.add_section(survey, current_user, form.data),
                       success=_("The section is added."))
        return _to_builder(survey, f"#section-{outcome.value.id}" if outcome else "")
    return _form_page(form, _("New section"), survey)


@admin("/<int:survey_id>/seksjoner/<int:section_id>", methods=["GET", "POST"])
@requires(can_manage_surveys)
def section_edit(survey_id: int, section_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    section = _part(SurveySection, survey, section_id)
    form = SectionForm(survey.language_list, obj=section)
    if form.validate_on_submit():
        save(lambda: admin_services.update_section(section, current_user, form.data),
             success=_("The section is saved."))
        return _to_builder(survey, f"#section-{section.id}")
    return _form_page(form, _("Edit section"), survey)


@admin("/<int:survey_id>/seksjoner/<int:section_id>/flytt", methods=["POST"])
@requires(can_manage_surveys)
def section_move(survey_id: int, section_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    section = _part(SurveySection, survey, section_id)
    form = MoveForm()
    _confirmed(form, lambda: admin_services.move_section(section, current_user, form.direction.data))
    return _to_builder(survey)


@admin("/<int:survey_id>/seksjoner/<int:section_id>/slett", methods=["POST"])
@requires(can_manage_surveys)
def section_delete(survey_id: int, section_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    section = _part(SurveySection, survey, section_id)
    _confirmed(ConfirmForm(), lambda: admin_services.delete_section(section, current_user))
    return _to_builder(survey)


def _question_form(survey: Survey, kind: QuestionType, **kwargs) -> QuestionForm:
    sections = [(s.id, localized(s, "title") or _("Section %(num)s", num=n))
                for n, s in enumerate(survey.sections, 1)]
    return QuestionForm(kind, survey.language_list, sections, **kwargs)


def _question_data(question: SurveyQuestion) -> dict:
    """A question's values as the question form shows them."""
    data = {"section_id": question.section_id, "required": question.required,
            "scale": "0-10" if question.max_value == 10 else "1-5",
            "min_choices": question.min_value, "max_choices": question.max_value,
            "min_number": question.min_value, "max_number": question.max_value}
    for lang in ("nb", "nn"):
        data[f"options_{lang}"] = "\n".join(getattr(o, f"label_{lang}") for o in question.options)
    for key in ("min_choices", "max_choices", "min_number", "max_number"):
        if data[key] is not None:
            data[key] = int(data[key])
    return data


def _question_kind() -> QuestionType:
    try:
        return QuestionType(request.args["type"])
    except ValueError:
        abort(404)


@admin("/<int:survey_id>/sporsmal/ny", methods=["GET", "POST"])
@requires(can_manage_surveys)
def question_new(survey_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    section = _part(SurveySection, survey, request.args.get("seksjon", type=int) or
                    survey.sections[-1].id)
    if not request.args.get("type"):
        return render_template("surveys/admin/choose_type.html", survey=survey, section=section,
                               question_types=QUESTION_TYPE_LABELS)
    kind = _question_kind()
    form = _question_form(survey, kind, section_id=section.id)
    if form.validate_on_submit():
        outcome = save(lambda: admin_services.add_question(section, current_user, kind, form.data,
                                                           form.option_lists()),
                       success=_("The question is added."))
        return _to_builder(survey, f"#question-{outcome.value.id}" if outcome else "")
    return _form_page(form, _("New question: %(type)s", type=QUESTION_TYPE_LABELS[kind]), survey)


@admin("/<int:survey_id>/sporsmal/<int:question_id>", methods=["GET", "POST"])
@requires(can_manage_surveys)
def question_edit(survey_id: int, question_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    question = _part(SurveyQuestion, survey, question_id)
    form = _question_form(survey, question.type, obj=question, data=_question_data(question)
                          if request.method == "GET" else None)
    if form.validate_on_submit():
        if save(lambda: admin_services.update_question(question, current_user, form.data,
                                                       form.option_lists()),
                success=_("The question is saved.")):
            return _to_builder(survey, f"#question-{question.id}")
        return _to_builder(survey)
    title = _("Edit question: %(type)s", type=QUESTION_TYPE_LABELS[question.type])
    return _form_page(form, title, survey, locked=queries.is_locked(survey))


@admin("/<int:survey_id>/sporsmal/<int:question_id>/flytt", methods=["POST"])
@requires(can_manage_surveys)
def question_move(survey_id: int, question_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    question = _part(SurveyQuestion, survey, question_id)
    form = MoveForm()
    _confirmed(form, lambda: admin_services.move_question(question, current_user,
                                                          form.direction.data))
    return _to_builder(survey)


@admin("/<int:survey_id>/sporsmal/<int:question_id>/slett", methods=["POST"])
@requires(can_manage_surveys)
def question_delete(survey_id: int, question_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    question = _part(SurveyQuestion, survey, question_id)
    _confirmed(ConfirmForm(), lambda: admin_services.delete_question(question, current_user))
    return _to_builder(survey)


@admin("/<int:survey_id>/forhandsvisning", methods=["GET", "POST"])
@requires(can_manage_surveys)
def preview(survey_id: int):
    """The survey as respondents see it; sending checks the answers and saves nothing."""
    survey = get_scoped_or_404(Survey, survey_id)
    answers = read_answers(survey, request.form) if request.method == "POST" else None
    if answers is not None and answers.ok:
        flash(_("Every answer is valid. In the preview nothing is saved."), "success")
    return render_template("surveys/admin/preview.html", survey=survey,
                           token=issue_form_token(survey),
                           values=answers.raw if answers else {},
                           errors=answers.errors if answers else {})


@admin("/<int:survey_id>/resultater")
@requires(can_manage_surveys)
def results_page(survey_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    total, question_results = results.survey_results(survey, public=False)
    return render_template("surveys/admin/results.html", survey=survey, total=total,
                           results=question_results)


@admin("/<int:survey_id>/svar.csv")
@requires(can_manage_surveys)
def export(survey_id: int):
    survey = get_scoped_or_404(Survey, survey_id)
    save(lambda: admin_services.record_export(survey, current_user))  # audited: retention reads it
    body = "".join(results.export_csv(survey))  # batched queries; a few MB at most
    filename = f"undersokelse-{survey.id}-svar.csv"
    return csv_response(body, filename)
