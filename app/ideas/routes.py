"""Idea pages: list, submit, detail, support, comment, answer, themes."""
from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from app.core.extensions import db, limiter
from app.files.services import UploadError
from app.ideas import bp, services
from app.ideas.catalog import SDGS
from app.ideas.forms import (
    AnswerForm, CommentForm, EditCommentForm, IdeaForm, RetireThemeForm, SupportForm, ThemeForm,
)
from app.ideas.models import Idea, IdeaComment, IdeaStatus, MunicipalTheme, STATUS_LABELS
from app.ideas.permissions import (
    can_answer_idea, can_comment, can_edit_comment, can_manage_themes, can_submit_idea,
    can_support, can_view_idea, is_staff,
)
from app.ideas.queries import PUBLIC_STATUSES, SORTS, find_ideas, parse_filters
from app.moderation.models import ModerationState
from app.moderation.permissions import can_report, is_blocked
from app.core.tenancy import get_scoped_or_404


def _user_key() -> str:
    return f"user:{current_user.get_id()}" if current_user.is_authenticated else get_remote_address()


def _config(name: str, default: str):
    return lambda: current_app.config.get(name, default)


def _submission_limits(prefix: str, per_user: str, per_ip: str):
    """Rate limits on POSTs of one route: per signed-in user and per IP address."""
    def wrap(view):
        view = limiter.limit(_config(f"{prefix}_RATE_LIMIT_IP", per_ip), methods=["POST"])(view)
        return limiter.limit(_config(f"{prefix}_RATE_LIMIT_USER", per_user), methods=["POST"],
                             key_func=_user_key)(view)
    return wrap


@bp.app_context_processor
def _ideas_globals():
    return {"idea_status_labels": _resolved(STATUS_LABELS), "sdg_names": _resolved(SDGS)}


def _resolved(labels: dict) -> dict:
    """The labels translated once for this request (a lazy string translates on every use)."""
    cache = g.setdefault("_resolved_labels", {})
    if id(labels) not in cache:
        cache[id(labels)] = {key: str(label) for key, label in labels.items()}
    return cache[id(labels)]


@bp.route("/")
def index():
    labels = services.theme_labels(g.municipality)
    filters = parse_filters(request.args, labels)
    ideas, total = find_ideas(g.municipality, filters)
    supported = services.supports(current_user, [idea.id for idea in ideas])
    return render_template("ideas/index.html", ideas=ideas, total=total, filters=filters,
                           theme_labels=labels, theme_choices=services.theme_choices(g.municipality),
                           statuses=PUBLIC_STATUSES, sorts=SORTS, supported=supported,
                           may_submit=can_submit_idea(current_user, g.municipality))


@bp.route("/ny", methods=["GET", "POST"])
@login_required
@_submission_limits("IDEAS", "5 per hour;20 per day", "30 per hour")
def new():
    if not can_submit_idea(current_user, g.municipality):
        return render_template("ideas/cannot_post.html",
                               blocked=is_blocked(current_user, g.municipality)), 403
    form = IdeaForm(services.theme_choices(g.municipality))
    if request.method == "POST" and form.is_bot():
        flash(_("Thank you! Your idea has been received."), "success")  # and silently dropped
        return redirect(url_for(".index"))
    if form.validate_on_submit():
        try:
            idea = services.submit_idea(g.municipality, current_user, form.data, form.image.data)
        except (services.IdeaError, UploadError) as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            flash(_("Thank you! Your idea is published.") if idea.is_public else
                  _("Thank you! Your idea will be published when a moderator has approved it."),
                  "success")
            return redirect(url_for(".detail", idea_id=idea.id))
    return render_template("ideas/new.html", form=form)


def _show_error(form, error) -> None:
    name = error.field if isinstance(error, services.IdeaError) else "image"
    if name and name in form:
        form[name].errors = [*form[name].errors, str(error)]
    else:
        form.form_errors.append(str(error))


@bp.route("/<int:idea_id>")
def detail(idea_id: int):
    idea = get_scoped_or_404(Idea, idea_id)
    if not can_view_idea(current_user, idea, g.municipality):
        abort(404)
    staff = is_staff(current_user, g.municipality)
    reply_to = request.args.get("svar", type=int)
    return render_template(
        "ideas/detail.html", idea=idea, staff=staff, reply_to=reply_to,
        comments=services.comments_for(idea, current_user, staff),
        history=services.history_of(idea), theme_labels=services.theme_labels(g.municipality),
        supported=idea.id in services.supports(current_user, [idea.id]),
        may_support=can_support(current_user, idea, g.municipality),
        may_comment=can_comment(current_user, idea, g.municipality),
        may_report=can_report(current_user, idea, g.municipality),
        may_answer=can_answer_idea(current_user, idea, g.municipality),
        comment_form=CommentForm(), support_form=SupportForm(),
        answer_form=AnswerForm(services.next_statuses(idea)),
        can_edit_comment=lambda c: can_edit_comment(current_user, c, g.municipality),
        can_report_comment=lambda c: can_report(current_user, c, g.municipality),
        is_staff_user=lambda user: user is not None and is_staff(user, g.municipality))


@bp.route("/<int:idea_id>/stott", methods=["POST"])
@login_required
def support(idea_id: int):
    idea = get_scoped_or_404(Idea, idea_id)
    if not can_view_idea(current_user, idea, g.municipality):
        abort(404)
    form = SupportForm()
    if form.validate_on_submit():
        want = {"1": True, "0": False}.get(form.want.data)
        try:
            now = services.toggle_support(idea, current_user, g.municipality, want)
        except services.IdeaError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("You support this idea.") if now else _("Your support is withdrawn."), "success")
    return redirect(url_for(".detail", idea_id=idea.id, _anchor="stotte"))


@bp.route("/<int:idea_id>/kommentarer", methods=["POST"])
@login_required
@_submission_limits("COMMENTS", "20 per hour;100 per day", "60 per hour")
def comment(idea_id: int):
    idea = get_scoped_or_404(Idea, idea_id)
    if not can_view_idea(current_user, idea, g.municipality):
        abort(404)
    form = CommentForm()
    if form.is_bot():
        flash(_("Thank you for your comment."), "success")
        return redirect(url_for(".detail", idea_id=idea.id))
    if form.validate_on_submit():
        try:
            parent = form.parent_id.data
            new = services.add_comment(idea, current_user, g.municipality, form.body.data,
                                       int(parent) if parent and parent.isdigit() else None)
        except services.IdeaError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Your comment is published.") if new.is_public else
                  _("Your comment will be shown when a moderator has approved it."), "success")
            return redirect(url_for(".detail", idea_id=idea.id, _anchor=f"kommentar-{new.id}"))
    else:
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
    return redirect(url_for(".detail", idea_id=idea.id, _anchor="kommentarer"))


@bp.route("/<int:idea_id>/kommentarer/<int:comment_id>/rediger", methods=["GET", "POST"])
@login_required
def edit_comment(idea_id: int, comment_id: int):
    idea = get_scoped_or_404(Idea, idea_id)
    item = get_scoped_or_404(IdeaComment, comment_id)
    if item.idea_id != idea.id:
        abort(404)
    if not can_edit_comment(current_user, item, g.municipality):
        abort(403)
    form = EditCommentForm(body=item.body)
    if form.validate_on_submit():
        services.edit_comment(item, current_user, g.municipality, form.body.data)
        db.session.commit()
        flash(_("Your comment is changed."), "success")
        return redirect(url_for(".detail", idea_id=idea.id, _anchor=f"kommentar-{item.id}"))
    return render_template("ideas/edit_comment.html", idea=idea, comment=item, form=form)


@bp.route("/<int:idea_id>/status", methods=["POST"])
@login_required
def answer(idea_id: int):
    idea = get_scoped_or_404(Idea, idea_id)
    if not can_answer_idea(current_user, idea, g.municipality):
        abort(403)
    form = AnswerForm(services.next_statuses(idea))
    if form.validate_on_submit():
        try:
            services.answer_idea(idea, current_user, g.municipality, IdeaStatus(form.status.data),
                                 form.reason.data)
        except services.IdeaError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("The answer is published and the author has been told."), "success")
    else:
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
    return redirect(url_for(".detail", idea_id=idea.id, _anchor="historikk"))


@bp.route("/temaer", methods=["GET", "POST"])
@login_required
def themes():
    if not can_manage_themes(current_user, g.municipality):
        abort(403)
    form = ThemeForm()
    if form.validate_on_submit():
        try:
            services.add_theme(g.municipality, current_user, form.name.data)
        except services.IdeaError as error:
            form.name.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The theme is added."), "success")
            return redirect(url_for(".themes"))
    return render_template("ideas/themes.html", form=form, retire_form=RetireThemeForm(),
                           themes=services.municipal_themes(g.municipality, active_only=True))


@bp.route("/temaer/<int:theme_id>/fjern", methods=["POST"])
@login_required
def retire_theme(theme_id: int):
    theme = get_scoped_or_404(MunicipalTheme, theme_id)
    if not can_manage_themes(current_user, g.municipality):
        abort(403)
    if RetireThemeForm().validate_on_submit():
        services.retire_theme(theme, current_user, g.municipality)
        db.session.commit()
        flash(_("The theme is no longer offered. Ideas that have it keep it."), "success")
    return redirect(url_for(".themes"))
