"""Public vote pages: list, a vote with its ballot, the summary step, results and exports."""
from __future__ import annotations

from flask import abort, flash, g, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError

from app.core.cache import cached_page
from app.core.exports import csv_response
from app.core.extensions import db
from app.core.i18n import format_nok
from app.core.pagination import page_number
from app.core.tenancy import get_scoped_or_404
from app.core.views import Outcome, save, show_error
from app.votes import bp, labels, queries, services
from app.votes.forms import BallotForm
from app.votes.labels import csv_headers, results_rule
from app.votes.models import Vote
from app.votes.permissions import can_view_vote, results_visible
from app.votes.results import live_results_withheld, results_as_csv, results_as_dict, tally_vote

route = bp.public

#: PostgreSQL's codes for a request that clashed with another: serialization failure, deadlock,
#: lock not available, unique violation
CLASH_CODES = {"40001", "40P01", "55P03", "23505"}


def _clashed(error: Exception) -> bool:
    """Whether `error` means that another request changed the same ballot at the same moment
    (rather than a fault, which stays a 500)."""
    if isinstance(error, (StaleDataError, services.BallotClash)):
        return True
    code = getattr(getattr(error, "orig", None), "sqlstate", None)
    return code in CLASH_CODES or "database is locked" in str(getattr(error, "orig", ""))


def _vote(vote_id: int) -> Vote:
    """The vote, if this visitor may see it: drafts are a 404 for all but the admins."""
    vote = get_scoped_or_404(Vote, vote_id)
    if not can_view_vote(current_user, vote):
        abort(404)
    return vote


def _to_login(vote: Vote):
    return redirect(url_for("accounts.login", next=url_for(".detail", vote_id=vote.id)))


@route("/")
@cached_page
def index():
    return render_template("votes/index.html", **queries.public_listing(g.municipality, page_number()))


@route("/<int:vote_id>")
@cached_page
def detail(vote_id: int):
    vote = _vote(vote_id)
    ballot = queries.ballot_of(vote, current_user)
    selected = {choice.project_id for choice in ballot.choices} if ballot else set()
    return render_template("votes/detail.html", vote=vote, ballot=ballot, selected=selected,
                           refusal=services.refusal(vote, current_user), error=None)


@route("/<int:vote_id>/stemme", methods=["POST"])
def ballot(vote_id: int):
    vote = _vote(vote_id)
    if not current_user.is_authenticated:
        flash(_("Log in to vote."), "info")
        return _to_login(vote)
    form = BallotForm()
    values, lives_here = form.project.data or [], bool(form.lives_here.data)
    if form.step.data == "confirm":
        outcome = _save_ballot(lambda: services.cast_ballot(vote, current_user, values,
                                                            lives_here=lives_here), form=form,
                               success=_("Your vote is registered. You can change it until "
                                         "voting closes."))
        if outcome is None:
            return _changed_meanwhile(vote)
        if outcome:
            return redirect(url_for(".detail", vote_id=vote.id, _anchor="your-ballot"))
    elif form.step.data != "change":
        try:
            chosen = services.review_ballot(vote, current_user, values, lives_here=lives_here)
        except services.BallotError as error:
            show_error(error, form)
        else:
            return render_template("votes/review.html", vote=vote, chosen=chosen,
                                   lives_here=lives_here,
                                   total=sum(project.cost for project in chosen))
    return _ballot_page(vote, form)


def _ballot_page(vote: Vote, form: BallotForm):
    """The vote page again with the voter's choices ticked, and what was wrong with them."""
    selected = {int(v) for v in form.project.data or () if str(v).isdigit()}
    return render_template("votes/detail.html", vote=vote, selected=selected,
                           ballot=queries.ballot_of(vote, current_user),
                           refusal=services.refusal(vote, current_user),
                           lives_here=bool(form.lives_here.data),
                           lives_here_error=(form.lives_here.errors or [None])[0],
                           error=form.form_errors[0] if form.form_errors else None)


def _save_ballot(call, **options) -> Outcome | None:
    """`save(call)` for a ballot; once more if another request of the same voter changed the
    ballot at the same moment (another window, a double click). None if it clashed twice."""
    for _attempt in range(2):
        try:
            return save(call, **options)
        except (DBAPIError, StaleDataError, services.BallotClash) as error:
            db.session.rollback()
            if not _clashed(error):
                raise
    return None


def _changed_meanwhile(vote: Vote):
    """409: the ballot as it stands now, and why the voter's request did not go through."""
    error = _("Your vote was changed in another window at the same moment, so this request was "
              "not carried out. This is how your vote stands now.")
    return render_template("votes/detail.html", vote=vote, ballot=queries.ballot_of(vote, current_user),
                           selected=set(), refusal=services.refusal(vote, current_user),
                           error=error), 409


@route("/<int:vote_id>/trekk", methods=["POST"])
def withdraw(vote_id: int):
    vote = _vote(vote_id)
    if not current_user.is_authenticated:
        return _to_login(vote)
    outcome = _save_ballot(lambda: services.withdraw_ballot(vote, current_user))
    if outcome is None:
        return _changed_meanwhile(vote)
    if outcome and outcome.value:
        flash(_("Your vote is withdrawn. You can vote again until voting closes."), "success")
    return redirect(url_for(".detail", vote_id=vote.id))


@route("/<int:vote_id>/resultater")
@cached_page
def results(vote_id: int):
    vote = _vote(vote_id)
    visible = results_visible(vote)
    tally = tally_vote(vote) if visible else None
    withheld = bool(tally and live_results_withheld(vote, tally.ballots))
    return render_template("votes/results.html", vote=vote, visible=visible and not withheld,
                           withheld=withheld, results=tally, rule=results_rule(vote))


def _exportable(vote_id: int):
    """The vote and its count, when its results are public; else 404."""
    vote = _vote(vote_id)
    if not results_visible(vote):
        abort(404)
    tally = tally_vote(vote)
    if live_results_withheld(vote, tally.ballots):
        abort(404)
    return vote, tally


@route("/<int:vote_id>/resultater.json")
def results_json(vote_id: int):
    vote, tally = _exportable(vote_id)
    response = jsonify(results_as_dict(tally, results_rule(vote)))
    response.headers["Cache-Control"] = "no-cache"
    return response


@route("/<int:vote_id>/resultater.csv")
def results_csv(vote_id: int):
    vote, tally = _exportable(vote_id)
    body = results_as_csv(tally, csv_headers(vote), _("yes"), _("no"))
    return csv_response(body, f"avstemning-{vote.id}-resultater.csv")


@bp.context_processor
def _vote_words():
    # A function, not `0|nok` in the template: Jinja folds filters on constants once, at compile
    # time, in whatever language that request had.
    return {"money_pattern": lambda: format_nok(0), "how_to_vote": labels.how_to_vote,
            "method_name": labels.method_name, "phase_name": labels.phase_name,
            "who_can_vote": labels.who_can_vote, "eligibility_name": labels.eligibility_name}
