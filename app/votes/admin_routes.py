"""Administration of votes (the municipality's admins): /<k>/admin/avstemninger/…"""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.core.drafting import OTHER_FORM
from app.core.pagination import page_number
from app.core.translation import can_translate
from app.core.tenancy import get_scoped_or_404
from app.core.views import requires, save
from app.votes import admin_services as manage
from app.votes import bp, queries
from app.votes.forms import ConfirmForm, ProjectForm, ReviewDraftForm, VoteForm
from app.votes.models import Project, Vote
from app.votes.permissions import can_manage_votes, results_visible
from app.votes.results import count_ballots

route = bp.admin


def _project(vote_id: int, project_id: int) -> Project:
    """A project of this municipality that belongs to the vote in the URL; else 404."""
    vote = get_scoped_or_404(Vote, vote_id)
    project = get_scoped_or_404(Project, project_id)
    if project.vote_id != vote.id:
        abort(404)
    return project


def _confirmed() -> None:
    """Actions are posted by a form with nothing but its CSRF token; anything else is a 400."""
    if not ConfirmForm().validate_on_submit():
        abort(400)


def _saved_or_not(changed: bool, saved: str) -> None:
    flash(saved if changed else _("Nothing was changed."), "success" if changed else "info")


@route("/")
@requires(can_manage_votes)
def admin_index():
    return render_template("votes/admin/index.html",
                           **queries.admin_listing(g.municipality, page_number()))


@route("/ny", methods=["GET", "POST"])
@requires(can_manage_votes)
def admin_create():
    form = VoteForm()
    if form.validate_on_submit():
        outcome = save(lambda: manage.create_vote(g.municipality, current_user, form.to_data()),
                       form=form, success=_("The vote is saved as a draft. Add the projects, "
                                            "then publish it."))
        if outcome:
            return redirect(url_for(".admin_vote", vote_id=outcome.value.id))
    return render_template("votes/admin/vote_form.html", form=form, vote=None)


@route("/<int:vote_id>", methods=["GET", "POST"])
@requires(can_manage_votes)
def admin_vote(vote_id: int):
    vote = get_scoped_or_404(Vote, vote_id)
    allowed = manage.allowed_vote_fields(vote)
    form = VoteForm(data=VoteForm.initial(vote),
                    locked=tuple(name for name in manage.VOTE_FIELDS if name not in allowed))
    if form.validate_on_submit():
        outcome = save(lambda: manage.update_vote(vote, current_user, form.to_data()), form=form)
        if outcome:
            _saved_or_not(outcome.value, _("The vote is saved."))
            return redirect(url_for(".admin_vote", vote_id=vote.id))
    return render_template("votes/admin/vote.html", vote=vote, form=form, action_form=ConfirmForm(),
                           ballots=count_ballots(vote), results_visible=results_visible(vote),
                           problems=manage.publication_problems(vote) if not vote.is_published else [],
                           draft_from=_draft_from(vote), review_form=ReviewDraftForm(),
                           reviewer=manage.draft_reviewer(vote))


def _draft_from(vote: Vote) -> str | None:
    """The written form a machine draft would be made from, when the button is offered."""
    source = manage.draft_source(vote)
    if vote.is_published or source is None or not can_translate(source, OTHER_FORM[source]):
        return None
    return source


def _vote_action(vote_id: int, action, success: str, *, gone: bool = False):
    """Publish, unpublish or delete, then back to the vote (to the list once it is `gone`)."""
    vote = get_scoped_or_404(Vote, vote_id)
    _confirmed()
    if save(lambda: action(vote, current_user), success=success) and gone:
        return redirect(url_for(".admin_index"))
    return redirect(url_for(".admin_vote", vote_id=vote_id))


@route("/<int:vote_id>/publiser", methods=["POST"])
@requires(can_manage_votes)
def admin_publish(vote_id: int):
    return _vote_action(vote_id, manage.publish_vote, _("The vote is published."))


@route("/<int:vote_id>/avpubliser", methods=["POST"])
@requires(can_manage_votes)
def admin_unpublish(vote_id: int):
    return _vote_action(vote_id, manage.unpublish_vote, _("The vote is a draft again."))


@route("/<int:vote_id>/slett", methods=["POST"])
@requires(can_manage_votes)
def admin_delete(vote_id: int):
    return _vote_action(vote_id, manage.delete_vote, _("The vote is deleted."), gone=True)


@route("/<int:vote_id>/maskinutkast", methods=["POST"])
@requires(can_manage_votes)
def admin_machine_draft(vote_id: int):
    vote = get_scoped_or_404(Vote, vote_id)
    _confirmed()
    outcome = save(lambda: manage.draft_vote_texts(vote, current_user))
    if outcome:
        flash(ngettext("The machine draft is made: %(num)d text. Read it through and correct "
                       "it before you publish.", "The machine draft is made: %(num)d texts. "
                       "Read them through and correct them before you publish.",
                       outcome.value), "success")
    return redirect(url_for(".admin_vote", vote_id=vote_id, _anchor="machine-draft"))


@route("/<int:vote_id>/gjennomlest", methods=["POST"])
@requires(can_manage_votes)
def admin_review_draft(vote_id: int):
    vote = get_scoped_or_404(Vote, vote_id)
    form = ReviewDraftForm()
    if form.validate_on_submit():
        save(lambda: manage.review_vote_draft(vote, current_user),
             success=_("Thank you: the machine draft is marked as read through."))
    for error in form.confirmed.errors:
        flash(error, "error")
    return redirect(url_for(".admin_vote", vote_id=vote_id, _anchor="machine-draft"))


@route("/<int:vote_id>/prosjekter/ny", methods=["GET", "POST"])
@requires(can_manage_votes)
def admin_add_project(vote_id: int):
    vote = get_scoped_or_404(Vote, vote_id)
    back = url_for(".admin_vote", vote_id=vote.id, _anchor="projects")
    if vote.has_started:
        flash(_("The vote has opened, so projects cannot be added or removed and their costs "
                "cannot be changed."), "error")
        return redirect(back)
    form = ProjectForm()
    if form.validate_on_submit() and save(
            lambda: manage.add_project(vote, current_user, form.to_data(), image=form.image.data),
            form=form, success=_("The project is added.")):
        return redirect(back)
    return render_template("votes/admin/project_form.html", vote=vote, form=form, project=None)


@route("/<int:vote_id>/prosjekter/<int:project_id>", methods=["GET", "POST"])
@requires(can_manage_votes)
def admin_project(vote_id: int, project_id: int):
    project = _project(vote_id, project_id)
    form = ProjectForm(data=ProjectForm.initial(project))
    if form.validate_on_submit():
        outcome = save(lambda: manage.update_project(project, current_user, form.to_data(),
                                                     image=form.image.data), form=form)
        if outcome:
            _saved_or_not(outcome.value, _("The project is saved."))
            return redirect(url_for(".admin_vote", vote_id=vote_id, _anchor="projects"))
    return render_template("votes/admin/project_form.html", vote=project.vote, form=form,
                           project=project, action_form=ConfirmForm())


@route("/<int:vote_id>/prosjekter/<int:project_id>/slett", methods=["POST"])
@requires(can_manage_votes)
def admin_delete_project(vote_id: int, project_id: int):
    project = _project(vote_id, project_id)
    _confirmed()
    save(lambda: manage.delete_project(project, current_user), success=_("The project is removed."))
    return redirect(url_for(".admin_vote", vote_id=vote_id, _anchor="projects"))


@route("/<int:vote_id>/prosjekter/<int:project_id>/fjern-bilde", methods=["POST"])
@requires(can_manage_votes)
def admin_remove_image(vote_id: int, project_id: int):
    project = _project(vote_id, project_id)
    _confirmed()
    save(lambda: manage.remove_project_image(project, current_user),
         success=_("The image is removed from the project."))
    return redirect(url_for(".admin_project", vote_id=vote_id, project_id=project_id))
