"""Public vote pages: list, a vote with its ballot, the summary step, results and exports."""
from __future__ import annotations

from flask import Response, abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.extensions import db
from app.votes import bp, queries, services
from app.votes.models import Vote
from app.votes.permissions import can_view_vote, results_visible
from app.votes.presenting import csv_headers, results_rule
from app.votes.results import live_results_withheld, results_as_csv, results_as_dict, tally_vote
from app.core.tenancy import get_scoped_or_404


def _vote(vote_id: int) -> Vote:
    vote = get_scoped_or_404(Vote, vote_id)
    if not can_view_vote(current_user, vote):
        abort(404)
    return vote


def _page() -> int:
    return request.args.get("side", 1, type=int)


@bp.route("/avstemninger/")
def index():
    return render_template("votes/index.html", **queries.public_listing(g.municipality, _page()))


@bp.route("/avstemninger/<int:vote_id>")
def detail(vote_id: int):
    vote = _vote(vote_id)
    ballot = services.ballot_of(vote, current_user)
    selected = {choice.project_id for choice in ballot.choices} if ballot else set()
    return render_template("votes/detail.html", vote=vote, ballot=ballot, selected=selected,
                           refusal=services.refusal(vote, current_user), error=None)


@bp.route("/avstemninger/<int:vote_id>/stemme", methods=["POST"])
def ballot(vote_id: int):
    vote = _vote(vote_id)
    if not current_user.is_authenticated:
        flash(_("Log in to vote."), "info")
        return redirect(url_for("accounts.login", next=url_for(".detail", vote_id=vote.id)))
    values = request.form.getlist("project")
    if request.form.get("step") == "change":
        return _ballot_page(vote, values, error=None)
    try:
        if request.form.get("step") == "confirm":
            services.cast_ballot(vote, current_user, values)
            db.session.commit()
            flash(_("Your vote is registered. You can change it until voting closes."), "success")
            return redirect(url_for(".detail", vote_id=vote.id, _anchor="your-ballot"))
        problem = services.refusal(vote, current_user)
        if problem:
            raise services.BallotError(problem)
        chosen = services.check_choices(vote, values)
    except services.BallotError as error:
        db.session.rollback()
        return _ballot_page(vote, values, error=str(error))
    return render_template("votes/review.html", vote=vote, chosen=chosen,
                           total=sum(project.cost for project in chosen))


def _ballot_page(vote: Vote, values, error: str | None):
    """The vote page again with the voter's choices ticked, and what was wrong with them."""
    selected = {int(v) for v in values if str(v).isdigit()}
    return render_template("votes/detail.html", vote=vote, selected=selected,
                           ballot=services.ballot_of(vote, current_user),
                           refusal=services.refusal(vote, current_user), error=error)


@bp.route("/avstemninger/<int:vote_id>/trekk", methods=["POST"])
def withdraw(vote_id: int):
    vote = _vote(vote_id)
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=url_for(".detail", vote_id=vote.id)))
    try:
        if services.withdraw_ballot(vote, current_user):
            db.session.commit()
            flash(_("Your vote is withdrawn. You can vote again until voting closes."), "success")
    except services.BallotError as error:
        flash(str(error), "error")
    return redirect(url_for(".detail", vote_id=vote.id))


@bp.route("/avstemninger/<int:vote_id>/resultater")
def results(vote_id: int):
    vote = _vote(vote_id)
    visible = results_visible(vote)
    tally = tally_vote(vote) if visible else None
    withheld = bool(tally and live_results_withheld(vote, tally.ballots))
    return render_template("votes/results.html", vote=vote, visible=visible and not withheld,
                           withheld=withheld, results=tally, rule=results_rule(vote))


def _exportable(vote_id: int):
    vote = _vote(vote_id)
    if not results_visible(vote):
        abort(404)
    tally = tally_vote(vote)
    if live_results_withheld(vote, tally.ballots):
        abort(404)
    return vote, tally


@bp.route("/avstemninger/<int:vote_id>/resultater.json")
def results_json(vote_id: int):
    vote, tally = _exportable(vote_id)
    response = jsonify(results_as_dict(tally, results_rule(vote)))
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/avstemninger/<int:vote_id>/resultater.csv")
def results_csv(vote_id: int):
    vote, tally = _exportable(vote_id)
    body = results_as_csv(tally, csv_headers(vote), _("yes"), _("no"))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="avstemning-{vote.id}-resultater.csv"',
        "Cache-Control": "no-cache"})


@bp.context_processor
def _vote_words():
    from app.core.i18n import format_nok
    from app.votes import presenting
    from app.votes.forms import SDGS, THEMES

    # A function, not `0|nok` in the template: Jinja folds filters on constants once, at compile
    # time, in whatever language that request had.
    return {"money_pattern": lambda: format_nok(0), "how_to_vote": presenting.how_to_vote,
            "method_name": presenting.method_name,
            "phase_name": presenting.phase_name, "themes": THEMES, "sdg_names": SDGS}
