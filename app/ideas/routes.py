"""Idea pages: list, submit, detail, support, comment, edit a comment, the municipality's answer.

The municipality's admin pages (its own themes) are in admin_routes.py.
"""
from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from app.core.cache import cached_page
from app.core.clock import utcnow
from app.core.extensions import db

from app.core.ratelimit import rate_limit
from app.core.tenancy import get_scoped_or_404
from app.core.views import save
from app.ideas import bp, queries, services
from app.ideas.cards import CardWords
from app.ideas.forms import AnswerForm, CommentForm, EditCommentForm, IdeaForm, SupportForm
from app.ideas.labels import SHOW_IN_LABELS, TRANSLATED_FROM_LABELS, status_label
from app.ideas.models import Idea, IdeaComment, IdeaStatus
from app.ideas.permissions import (
    COMMENT_EDIT_WINDOW, can_answer_idea, can_comment, can_edit_comment, can_submit_idea,
    can_support, can_view_idea, is_staff,
)
from app.ideas.translated import PARAMETER, reading_for
from app.moderation.permissions import can_report, is_blocked
from app.moderation.removed import refuse_unseen


@bp.app_context_processor
def _idea_words():
    return {"idea_status_label": status_label, "show_in_label": SHOW_IN_LABELS,
            "translated_from_label": TRANSLATED_FROM_LABELS, "map_settings": map_settings}


def map_settings() -> dict | None:
    """The map services the configuration names; None when maps are off (no MAP_TILE_URL)."""
    config = current_app.config
    if not config.get("MAP_TILE_URL"):
        return None
    return {"tiles": config["MAP_TILE_URL"], "attribution": config.get("MAP_ATTRIBUTION") or "",
            "search": config.get("MAP_ADDRESS_SEARCH_URL") or ""}


def _map_start() -> tuple[float, float] | None:
    """Where the idea form's map starts: the middle of the municipality's ideas with a point,
    else MAP_DEFAULT_CENTRE (None when maps are off)."""
    if not map_settings():
        return None
    centre = queries.map_centre(g.municipality)
    if centre:
        return centre
    try:
        lat, lon = (float(part) for part in current_app.config["MAP_DEFAULT_CENTRE"].split(","))
    except (KeyError, ValueError):
        lat, lon = 59.9139, 10.7522
    return lat, lon


def _map_view(themes, filters):
    """The list's map view (?visning=kart): the newest MAP_LIST_LIMIT matching ideas with a
    point, as markers and, for everyone, as a list of the same ideas with their places."""
    limit = current_app.config["MAP_LIST_LIMIT"]
    return render_template(
        "ideas/index.html", map_ideas=queries.map_ideas(g.municipality, filters, limit),
        map_limit=limit, filters=filters, statuses=queries.PUBLIC_STATUSES, sorts=queries.SORTS,
        theme_choices=queries.theme_choices(g.municipality, themes),
        may_submit=can_submit_idea(current_user, g.municipality))


def _visible_idea(idea_id: int) -> Idea:
    """The municipality's idea, if the visitor may see it (404 otherwise)."""
    idea = get_scoped_or_404(Idea, idea_id)
    if not can_view_idea(current_user, idea, g.municipality):
        refuse_unseen(idea)  # 410 with the reason's category when a moderator took it down, else 404
    return idea


def _keep_translations() -> None:
    """Commit the machine translations a page has just made; when another request stored the
    same ones first, theirs stand and this page (already rendered) is shown all the same."""
    try:
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("machine translations not stored", exc_info=True)


def _per_kind(predicate, edit_window: bool = False):
    """`predicate(comment)` asked once per kind of comment rather than once per comment: the
    comment predicates depend on the viewer (the same for the whole page), the comment's state,
    whether the viewer wrote it and, for editing, whether it is still inside the edit window.
    So the block check inside them runs once per page, not once per comment."""
    answers: dict = {}
    viewer = getattr(current_user, "id", None)
    since = utcnow() - COMMENT_EDIT_WINDOW

    def check(comment) -> bool:
        key = (comment.moderation_state, viewer is not None and comment.author_id == viewer,
               edit_window and comment.created_at >= since)
        if key not in answers:
            answers[key] = predicate(comment)
        return answers[key]

    return check


def _flash_form_errors(form) -> None:
    flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")


@bp.route("/")
@cached_page
def index():
    themes = queries.municipal_themes(g.municipality)
    labels = queries.theme_labels(g.municipality, themes)
    filters = queries.parse_filters(request.args, labels)
    if request.args.get("visning") == "kart" and map_settings():
        return _map_view(themes, filters)
    page = queries.find_ideas(g.municipality, filters)
    return render_template(
        "ideas/index.html", page=page, filters=filters,
        theme_choices=queries.theme_choices(g.municipality, themes),
        statuses=queries.PUBLIC_STATUSES, sorts=queries.SORTS,
        words=CardWords(labels, url_for(".index")),
        supported=queries.supports(current_user, [idea.id for idea in page]),
        may_submit=can_submit_idea(current_user, g.municipality))


@bp.route("/ny", methods=["GET", "POST"])
@login_required
@rate_limit("IDEAS_RATE_LIMIT_USER", "5 per hour;20 per day", per="user")
@rate_limit("IDEAS_RATE_LIMIT_IP", "30 per hour")
def new():
    if not can_submit_idea(current_user, g.municipality):
        return render_template("ideas/cannot_post.html",
                               blocked=is_blocked(current_user, g.municipality)), 403
    form = IdeaForm(queries.theme_choices(g.municipality))
    if request.method == "POST" and form.is_bot():
        flash(_("Thank you! Your idea has been received."), "success")  # and silently dropped
        return redirect(url_for(".index"))
    if form.validate_on_submit():
        saved = save(lambda: services.submit_idea(g.municipality, current_user, form.data,
                                                  form.image.data), form=form)
        if saved:
            flash(_("Thank you! Your idea is published.") if saved.value.is_public else
                  _("Thank you! Your idea will be published when a moderator has approved it."),
                  "success")
            return redirect(url_for(".detail", idea_id=saved.value.id))
    return render_template("ideas/new.html", form=form, map_start=_map_start())


@bp.route("/<int:idea_id>")
@cached_page
def detail(idea_id: int):
    idea = _visible_idea(idea_id)
    staff = is_staff(current_user, g.municipality)
    comments = queries.comments_for(idea, current_user, staff)
    reading = reading_for(idea, comments, request.args.get(PARAMETER), g.municipality)
    page = render_template(
        "ideas/detail.html", idea=idea, staff=staff, reply_to=request.args.get("svar", type=int),
        comments=comments, reading=reading,
        history=queries.history_of(idea),
        theme_labels=queries.theme_label_of(g.municipality, idea.theme),
        supported=idea.id in queries.supports(current_user, [idea.id]),
        may_support=can_support(current_user, idea, g.municipality),
        may_comment=can_comment(current_user, idea, g.municipality),
        may_report=can_report(current_user, idea, g.municipality),
        may_answer=can_answer_idea(current_user, idea, g.municipality),
        comment_form=CommentForm(), support_form=SupportForm(),
        answer_form=AnswerForm(queries.next_statuses(idea)),
        can_edit_comment=_per_kind(lambda c: can_edit_comment(current_user, c, g.municipality),
                                   edit_window=True),
        can_report_comment=_per_kind(lambda c: can_report(current_user, c, g.municipality)),
        is_staff_user=lambda user: user is not None and is_staff(user, g.municipality))
    if reading.translated:
        _keep_translations()  # after rendering, so the page's objects are not expired
    return page


@bp.route("/<int:idea_id>/stott", methods=["POST"])
@login_required
def support(idea_id: int):
    idea = _visible_idea(idea_id)
    form = SupportForm()
    if form.validate_on_submit():
        want = {"1": True, "0": False}.get(form.want.data)
        saved = save(lambda: services.toggle_support(idea, current_user, g.municipality, want))
        if saved:
            flash(_("You support this idea.") if saved.value else _("Your support is withdrawn."),
                  "success")
    return redirect(url_for(".detail", idea_id=idea.id, _anchor="stotte"))


@bp.route("/<int:idea_id>/kommentarer", methods=["POST"])
@login_required
@rate_limit("COMMENTS_RATE_LIMIT_USER", "20 per hour;100 per day", per="user")
@rate_limit("COMMENTS_RATE_LIMIT_IP", "60 per hour")
def comment(idea_id: int):
    idea = _visible_idea(idea_id)
    form = CommentForm()
    if form.is_bot():
        flash(_("Thank you for your comment."), "success")
        return redirect(url_for(".detail", idea_id=idea.id))
    if not form.validate_on_submit():
        _flash_form_errors(form)
        return redirect(url_for(".detail", idea_id=idea.id, _anchor="kommentarer"))
    parent = form.parent_id.data
    saved = save(lambda: services.add_comment(idea, current_user, g.municipality, form.body.data,
                                              int(parent) if parent and parent.isdigit() else None))
    if not saved:
        return redirect(url_for(".detail", idea_id=idea.id, _anchor="kommentarer"))
    flash(_("Your comment is published.") if saved.value.is_public else
          _("Your comment will be shown when a moderator has approved it."), "success")
    return redirect(url_for(".detail", idea_id=idea.id, _anchor=f"kommentar-{saved.value.id}"))


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
    if form.validate_on_submit() and save(
            lambda: services.edit_comment(item, current_user, g.municipality, form.body.data),
            form=form, success=_("Your comment is changed.")):
        return redirect(url_for(".detail", idea_id=idea.id, _anchor=f"kommentar-{item.id}"))
    return render_template("ideas/edit_comment.html", idea=idea, comment=item, form=form)


@bp.route("/<int:idea_id>/status", methods=["POST"])
@login_required
def answer(idea_id: int):
    idea = get_scoped_or_404(Idea, idea_id)
    if not can_answer_idea(current_user, idea, g.municipality):
        abort(403)
    form = AnswerForm(queries.next_statuses(idea))
    if form.validate_on_submit():
        save(lambda: services.answer_idea(idea, current_user, g.municipality,
                                          IdeaStatus(form.status.data), form.reason.data),
             success=_("The answer is published and the author has been told."))
    else:
        _flash_form_errors(form)
    return redirect(url_for(".detail", idea_id=idea.id, _anchor="historikk"))
