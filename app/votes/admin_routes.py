"""Administration of votes (municipal admins): /<k>/admin/avstemninger/…"""
from __future__ import annotations

from functools import wraps

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core.extensions import db
from app.files.services import UploadError
from app.votes import admin_services as manage
from app.votes import bp, queries
from app.votes.forms import ConfirmForm, ProjectForm, VoteForm
from app.votes.models import Project, Vote
from app.votes.permissions import can_manage_votes, results_visible
from app.votes.results import count_ballots
from app.core.tenancy import get_scoped_or_404


def admin_only(view):
    """Log-in required; 403 for anyone who is not an admin of this municipality."""
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not can_manage_votes(current_user, g.municipality):
            abort(403)
        return view(*args, **kwargs)
    return wrapper


def _vote(vote_id: int) -> Vote:
    vote = get_scoped_or_404(Vote, vote_id)
    if not can_manage_votes(current_user, g.municipality):
        abort(403)
    return vote


def _project(vote_id: int, project_id: int) -> Project:
    vote = _vote(vote_id)
    project = get_scoped_or_404(Project, project_id)
    if project.vote_id != vote.id:
        abort(404)
    return project


@bp.route("/admin/avstemninger/")
@admin_only
def admin_index():
    return render_template("votes/admin/index.html",
                           **queries.admin_listing(g.municipality, request.args.get("side", 1, type=int)))


@bp.route("/admin/avstemninger/ny", methods=["GET", "POST"])
@admin_only
def admin_create():
    form = VoteForm()
    if form.validate_on_submit():
        vote = manage.create_vote(g.municipality, current_user, form.to_data())
        db.session.commit()
        flash(_("The vote is saved as a draft. Add the projects, then publish it."), "success")
        return redirect(url_for(".admin_vote", vote_id=vote.id))
    return render_template("votes/admin/vote_form.html", form=form, vote=None)


@bp.route("/admin/avstemninger/<int:vote_id>", methods=["GET", "POST"])
@login_required
def admin_vote(vote_id: int):
    vote = _vote(vote_id)
    allowed = manage.allowed_vote_fields(vote)
    locked = tuple(name for name in manage.VOTE_FIELDS if name not in allowed)
    form = VoteForm(data=VoteForm.initial(vote), locked=locked)
    if form.validate_on_submit():
        try:
            changed = manage.update_vote(vote, current_user, form.to_data())
        except manage.VoteError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The vote is saved.") if changed else _("Nothing was changed."),
                  "success" if changed else "info")
            return redirect(url_for(".admin_vote", vote_id=vote.id))
    return render_template("votes/admin/vote.html", vote=vote, form=form, action_form=ConfirmForm(),
                           ballots=count_ballots(vote), results_visible=results_visible(vote),
                           problems=manage.publication_problems(vote) if not vote.is_published else [])


def _vote_action(vote_id: int, action, success: str):
    vote = _vote(vote_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        action(vote, current_user)
    except manage.VoteError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".admin_vote", vote_id=vote.id))
    db.session.commit()
    flash(success, "success")
    return None


@bp.route("/admin/avstemninger/<int:vote_id>/publiser", methods=["POST"])
@login_required
def admin_publish(vote_id: int):
    return _vote_action(vote_id, manage.publish_vote, _("The vote is published.")) or \
        redirect(url_for(".admin_vote", vote_id=vote_id))


@bp.route("/admin/avstemninger/<int:vote_id>/avpubliser", methods=["POST"])
@login_required
def admin_unpublish(vote_id: int):
    return _vote_action(vote_id, manage.unpublish_vote, _("The vote is a draft again.")) or \
        redirect(url_for(".admin_vote", vote_id=vote_id))


@bp.route("/admin/avstemninger/<int:vote_id>/slett", methods=["POST"])
@login_required
def admin_delete(vote_id: int):
    return _vote_action(vote_id, manage.delete_vote, _("The vote is deleted.")) or \
        redirect(url_for(".admin_index"))


@bp.route("/admin/avstemninger/<int:vote_id>/prosjekter/ny", methods=["GET", "POST"])
@login_required
def admin_add_project(vote_id: int):
    vote = _vote(vote_id)
    if vote.has_started:
        flash(_("The vote has opened, so projects cannot be added or removed and their costs "
                "cannot be changed."), "error")
        return redirect(url_for(".admin_vote", vote_id=vote.id, _anchor="projects"))
    form = ProjectForm()
    if form.validate_on_submit():
        try:
            manage.add_project(vote, current_user, form.to_data(), image=form.image.data)
        except (manage.VoteError, UploadError) as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The project is added."), "success")
            return redirect(url_for(".admin_vote", vote_id=vote.id, _anchor="projects"))
    return render_template("votes/admin/project_form.html", vote=vote, form=form, project=None)


@bp.route("/admin/avstemninger/<int:vote_id>/prosjekter/<int:project_id>", methods=["GET", "POST"])
@login_required
def admin_project(vote_id: int, project_id: int):
    project = _project(vote_id, project_id)
    form = ProjectForm(data=ProjectForm.initial(project))
    if form.validate_on_submit():
        try:
            changed = manage.update_project(project, current_user, form.to_data(),
                                            image=form.image.data)
        except (manage.VoteError, UploadError) as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The project is saved.") if changed else _("Nothing was changed."),
                  "success" if changed else "info")
            return redirect(url_for(".admin_vote", vote_id=vote_id, _anchor="projects"))
    return render_template("votes/admin/project_form.html", vote=project.vote, form=form,
                           project=project, action_form=ConfirmForm())


@bp.route("/admin/avstemninger/<int:vote_id>/prosjekter/<int:project_id>/slett", methods=["POST"])
@login_required
def admin_delete_project(vote_id: int, project_id: int):
    project = _project(vote_id, project_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        manage.delete_project(project, current_user)
    except manage.VoteError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The project is removed."), "success")
    return redirect(url_for(".admin_vote", vote_id=vote_id, _anchor="projects"))


@bp.route("/admin/avstemninger/<int:vote_id>/prosjekter/<int:project_id>/fjern-bilde",
          methods=["POST"])
@login_required
def admin_remove_image(vote_id: int, project_id: int):
    project = _project(vote_id, project_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        manage.remove_project_image(project, current_user)
    except manage.VoteError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The image is removed from the project."), "success")
    return redirect(url_for(".admin_project", vote_id=vote_id, project_id=project_id))

