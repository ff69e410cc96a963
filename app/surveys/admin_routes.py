"""The survey builder, preview, results and export: for the municipality's admins."""
from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core.extensions import db
from app.surveys import bp, results, services
from app.surveys.answering import read_answers
from app.surveys.forms import (
    QUESTION_TYPE_LABELS, ConfirmForm, MoveForm, QuestionForm, SectionForm, SurveyForm,
)
from app.surveys.models import QuestionType, Survey, SurveyQuestion, SurveySection
from app.surveys.permissions import can_manage_surveys
from app.surveys.tokens import issue_form_token
from app.core.tenancy import get_scoped_or_404

ADMIN = "/admin/undersokelser"


def _require_admin() -> None:
    if not can_manage_surveys(current_user, g.municipality):
        abort(403)


def _managed(survey_id: int) -> Survey:
    survey = get_scoped_or_404(Survey, survey_id)
    _require_admin()
    return survey


def _part(model, survey: Survey, object_id: int):
    obj = get_scoped_or_404(model, object_id)
    if obj.survey_id != survey.id:
        abort(404)
    return obj


def _to_builder(survey: Survey, anchor: str = ""):
    return redirect(url_for(".admin_builder", survey_id=survey.id) + anchor)


def _form_page(form, title: str, survey: Survey | None = None, **context):
    return render_template("surveys/admin_form.html", form=form, title=title, survey=survey,
                           **context)


@bp.route(f"{ADMIN}/")
@login_required
def admin_index():
    _require_admin()
    surveys = services.surveys_of(g.municipality)
    counts = services.response_counts(surveys)
    return render_template("surveys/admin_index.html", surveys=surveys, counts=counts)


@bp.route(f"{ADMIN}/ny", methods=["GET", "POST"])
@login_required
def admin_create():
    _require_admin()
    form = SurveyForm(languages_choice=g.municipality.default_locale
                      if g.municipality.default_locale in ("nb", "nn") else "nb")
    if form.validate_on_submit():
        survey = services.create_survey(g.municipality, current_user, form.data)
        db.session.commit()
        flash(_("The survey is created as a draft. Add questions, then publish it."), "success")
        return _to_builder(survey)
    return _form_page(form, _("New survey"))


@bp.route(f"{ADMIN}/<int:survey_id>/")
@login_required
def admin_builder(survey_id: int):
    survey = _managed(survey_id)
    return render_template(
        "surveys/builder.html", survey=survey, locked=services.is_locked(survey),
        responses=services.response_count(survey), problems=services.publication_problems(survey),
        question_types=QUESTION_TYPE_LABELS, action_form=ConfirmForm(), move_form=MoveForm())


@bp.route(f"{ADMIN}/<int:survey_id>/innstillinger", methods=["GET", "POST"])
@login_required
def admin_edit(survey_id: int):
    survey = _managed(survey_id)
    form = SurveyForm(obj=survey, languages_choice=survey.languages,
                      requires_login="login" if survey.requires_login else "anonymous",
                      opens_at=_local(survey.opens_at), closes_at=_local(survey.closes_at))
    if form.validate_on_submit():
        try:
            services.update_survey(survey, current_user, form.data)
        except services.SurveyLocked as locked:
            db.session.rollback()
            flash(str(locked), "error")
            return _form_page(form, _("Survey settings"), survey), 409
        db.session.commit()
        flash(_("The settings are saved."), "success")
        return _to_builder(survey)
    return _form_page(form, _("Survey settings"), survey)


def _local(value):
    from app.core.clock import to_oslo

    return to_oslo(value).replace(tzinfo=None) if value else None


def _status_change(survey_id: int, change):
    survey = _managed(survey_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        change(survey)
    except services.SurveyLocked as locked:
        db.session.rollback()
        flash(str(locked), "error")
    db.session.commit()
    return _to_builder(survey)


@bp.route(f"{ADMIN}/<int:survey_id>/publiser", methods=["POST"])
@login_required
def admin_publish(survey_id: int):
    def publish(survey):
        problems = services.publish_survey(survey, current_user)
        for problem in problems:
            flash(problem, "error")
        if not problems:
            flash(_("The survey is published."), "success")

    return _status_change(survey_id, publish)


@bp.route(f"{ADMIN}/<int:survey_id>/til-utkast", methods=["POST"])
@login_required
def admin_unpublish(survey_id: int):
    def unpublish(survey):
        services.unpublish_survey(survey, current_user)
        flash(_("The survey is a draft again."), "success")

    return _status_change(survey_id, unpublish)


@bp.route(f"{ADMIN}/<int:survey_id>/avslutt", methods=["POST"])
@login_required
def admin_close(survey_id: int):
    def close(survey):
        services.close_survey(survey, current_user)
        flash(_("The survey is closed and takes no more answers."), "success")

    return _status_change(survey_id, close)


@bp.route(f"{ADMIN}/<int:survey_id>/slett", methods=["GET", "POST"])
@login_required
def admin_delete(survey_id: int):
    survey = _managed(survey_id)
    form = ConfirmForm()
    form.submit.label.text = _("Delete the survey and all its answers")
    if form.validate_on_submit():
        services.delete_survey(survey, current_user)
        db.session.commit()
        flash(_("The survey is deleted."), "success")
        return redirect(url_for(".admin_index"))
    return _form_page(form, _("Delete survey"), survey, responses=services.response_count(survey),
                      danger=True)


@bp.route(f"{ADMIN}/<int:survey_id>/seksjoner/ny", methods=["GET", "POST"])
@login_required
def section_new(survey_id: int):
    survey = _managed(survey_id)
    form = SectionForm(survey.language_list)
    if form.validate_on_submit():
        try:
            section = services.add_section(survey, current_user, form.data)
        except services.SurveyLocked as locked:
            db.session.rollback()
            flash(str(locked), "error")
            return _to_builder(survey)
        db.session.commit()
        return _to_builder(survey, f"#section-{section.id}")
    return _form_page(form, _("New section"), survey)


@bp.route(f"{ADMIN}/<int:survey_id>/seksjoner/<int:section_id>", methods=["GET", "POST"])
@login_required
def section_edit(survey_id: int, section_id: int):
    survey = _managed(survey_id)
    section = _part(SurveySection, survey, section_id)
    form = SectionForm(survey.language_list, obj=section)
    if form.validate_on_submit():
        services.update_section(section, current_user, form.data)
        db.session.commit()
        return _to_builder(survey, f"#section-{section.id}")
    return _form_page(form, _("Edit section"), survey)


def _change(survey, form, change):
    if not form.validate_on_submit():
        abort(400)
    try:
        change()
    except services.SurveyLocked as locked:
        db.session.rollback()
        flash(str(locked), "error")
    db.session.commit()
    return _to_builder(survey)


@bp.route(f"{ADMIN}/<int:survey_id>/seksjoner/<int:section_id>/flytt", methods=["POST"])
@login_required
def section_move(survey_id: int, section_id: int):
    survey = _managed(survey_id)
    section = _part(SurveySection, survey, section_id)
    form = MoveForm()
    return _change(survey, form,
                   lambda: services.move_section(section, current_user, form.direction.data))


@bp.route(f"{ADMIN}/<int:survey_id>/seksjoner/<int:section_id>/slett", methods=["POST"])
@login_required
def section_delete(survey_id: int, section_id: int):
    survey = _managed(survey_id)
    section = _part(SurveySection, survey, section_id)
    return _change(survey, ConfirmForm(), lambda: services.delete_section(section, current_user))


def _question_form(survey: Survey, kind: QuestionType, **kwargs) -> QuestionForm:
    from app.core.i18n import localized

    sections = [(s.id, localized(s, "title") or _("Section %(num)s", num=n))
                for n, s in enumerate(survey.sections, 1)]
    return QuestionForm(kind, survey.language_list, sections, **kwargs)


@bp.route(f"{ADMIN}/<int:survey_id>/sporsmal/ny", methods=["GET", "POST"])
@login_required
def question_new(survey_id: int):
    survey = _managed(survey_id)
    section = _part(SurveySection, survey, request.args.get("seksjon", type=int) or
                    survey.sections[-1].id)
    if not request.args.get("type"):
        return render_template("surveys/choose_type.html", survey=survey, section=section,
                               question_types=QUESTION_TYPE_LABELS)
    try:
        kind = QuestionType(request.args["type"])
    except ValueError:
        abort(404)
    form = _question_form(survey, kind, section_id=section.id)
    if form.validate_on_submit():
        try:
            question = services.add_question(section, current_user, kind, form.data,
                                             form.option_lists())
        except services.SurveyLocked as locked:
            db.session.rollback()
            flash(str(locked), "error")
            return _to_builder(survey)
        db.session.commit()
        return _to_builder(survey, f"#question-{question.id}")
    title = _("New question: %(type)s", type=QUESTION_TYPE_LABELS[kind])
    return _form_page(form, title, survey)


def _question_data(question: SurveyQuestion) -> dict:
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


@bp.route(f"{ADMIN}/<int:survey_id>/sporsmal/<int:question_id>", methods=["GET", "POST"])
@login_required
def question_edit(survey_id: int, question_id: int):
    survey = _managed(survey_id)
    question = _part(SurveyQuestion, survey, question_id)
    form = _question_form(survey, question.type, obj=question, data=_question_data(question)
                          if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.update_question(question, current_user, form.data, form.option_lists())
        except services.SurveyLocked as locked:
            db.session.rollback()
            flash(str(locked), "error")
            return _to_builder(survey)
        db.session.commit()
        return _to_builder(survey, f"#question-{question.id}")
    title = _("Edit question: %(type)s", type=QUESTION_TYPE_LABELS[question.type])
    return _form_page(form, title, survey, locked=services.is_locked(survey))



@bp.route(f"{ADMIN}/<int:survey_id>/sporsmal/<int:question_id>/flytt", methods=["POST"])
@login_required
def question_move(survey_id: int, question_id: int):
    survey = _managed(survey_id)
    question = _part(SurveyQuestion, survey, question_id)
    form = MoveForm()
    return _change(survey, form,
                   lambda: services.move_question(question, current_user, form.direction.data))


@bp.route(f"{ADMIN}/<int:survey_id>/sporsmal/<int:question_id>/slett", methods=["POST"])
@login_required
def question_delete(survey_id: int, question_id: int):
    survey = _managed(survey_id)
    question = _part(SurveyQuestion, survey, question_id)
    return _change(survey, ConfirmForm(), lambda: services.delete_question(question, current_user))


@bp.route(f"{ADMIN}/<int:survey_id>/forhandsvisning", methods=["GET", "POST"])
@login_required
def preview(survey_id: int):
    """The survey as respondents see it; sending checks the answers and saves nothing."""
    survey = _managed(survey_id)
    answers = read_answers(survey, request.form) if request.method == "POST" else None
    if answers is not None and answers.ok:
        flash(_("Every answer is valid. In the preview nothing is saved."), "success")
    return render_template("surveys/preview.html", survey=survey, token=issue_form_token(survey),
                           values=answers.raw if answers else {},
                           errors=answers.errors if answers else {})


@bp.route(f"{ADMIN}/<int:survey_id>/resultater")
@login_required
def results_page(survey_id: int):
    survey = _managed(survey_id)
    total, question_results = results.survey_results(survey, public=False)
    return render_template("surveys/results.html", survey=survey, total=total,
                           results=question_results)


@bp.route(f"{ADMIN}/<int:survey_id>/svar.csv")
@login_required
def export(survey_id: int):
    survey = _managed(survey_id)
    filename = f"undersokelse-{survey.id}-svar.csv"
    body = "".join(results.export_csv(survey))  # batched queries; a few MB at most
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "private, no-store"})
