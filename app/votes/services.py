"""Ballots: check the rules of a vote, cast and change a ballot, withdraw it.

Every rule is checked here, on the server, whatever the browser sent. Ballots are secret:
nothing here writes who voted for what to the audit log.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from app.core.clock import aware, utcnow
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.i18n import format_datetime, format_nok
from app.votes.models import (
    Ballot, BallotChoice, Eligibility, Project, Vote, VoteMethod, VotePhase,
)
from app.votes.permissions import can_cast_ballot, is_eligible


class BallotError(ServiceError):
    """A ballot that cannot be accepted; the message is safe to show to the voter."""


def refusal(vote: Vote, user, now: datetime | None = None) -> str | None:
    """Why `user` cannot vote in `vote` now, in words for the voter, or None when they can."""
    phase = vote.phase_at(now)
    if phase is VotePhase.draft:
        return _("This vote is not published.")
    if phase is VotePhase.upcoming:
        return _("Voting has not opened yet. It opens %(when)s.", when=format_datetime(vote.opens_at))
    if phase is VotePhase.closed:
        return _("Voting closed %(when)s. Ballots can no longer be cast or changed.",
                 when=format_datetime(vote.closes_at))
    if user is None or not getattr(user, "is_authenticated", False):
        return _("Log in to vote.")
    if not is_eligible(user, vote):
        if vote.eligibility is Eligibility.idporten:
            return _("Only accounts verified through ID-porten can vote here. Log-in with "
                     "ID-porten is not available in Tinget yet, so no account can vote in this "
                     "vote until it is.")
        return _("Your account cannot vote in this vote.")
    return None


def _as_ids(values) -> list[int]:
    ids = []
    for value in values or ():
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise BallotError(_("One of the projects you chose is not part of this vote.")) from None
        if number not in ids:
            ids.append(number)
    return ids


def check_choices(vote: Vote, values) -> list[Project]:
    """The projects chosen on a ballot, in ballot order, or BallotError with the rule broken.

    Refuses no choice, a project of another vote, more than one project (single choice), more
    than `max_choices` (approval), a total over the budget or under the minimum share (budget).
    """
    ids = _as_ids(values)
    by_id = {project.id: project for project in vote.projects}
    if any(project_id not in by_id for project_id in ids):
        raise BallotError(_("One of the projects you chose is not part of this vote."))
    chosen = [project for project in vote.projects if project.id in ids]
    if not chosen:
        raise BallotError(_("Choose a project.") if vote.method is VoteMethod.single
                          else _("Choose at least one project."))
    if vote.method is VoteMethod.single and len(chosen) > 1:
        raise BallotError(_("You can choose only one project in this vote."))
    if vote.method is VoteMethod.approval and len(chosen) > (vote.max_choices or 1):
        raise BallotError(ngettext(
            "You can choose at most %(num)d project. You chose %(chosen)d.",
            "You can choose at most %(num)d projects. You chose %(chosen)d.",
            vote.max_choices or 1, chosen=len(chosen)))
    if vote.method is VoteMethod.budget:
        _check_budget(vote, sum(project.cost for project in chosen))
    return chosen


def _check_budget(vote: Vote, total: int) -> None:
    budget = vote.budget or 0
    if total > budget:
        raise BallotError(_(
            "The projects you chose cost %(total)s together, %(over)s more than the budget of "
            "%(budget)s. Remove a project or choose cheaper ones.",
            total=format_nok(total), over=format_nok(total - budget), budget=format_nok(budget)))
    if total < vote.min_budget_amount:
        raise BallotError(_(
            "Your choices must use at least %(share)d %% of the budget, that is %(minimum)s. "
            "The projects you chose cost %(total)s together.",
            share=vote.min_budget_share, minimum=format_nok(vote.min_budget_amount),
            total=format_nok(total)))


def review_ballot(vote: Vote, user, values, now: datetime | None = None) -> list[Project]:
    """The projects `user` chose, for the summary step; writes nothing.

    Refuses (BallotError) what `cast_ballot` would refuse: a voter who cannot vote now (see
    `refusal`) and choices that break the vote's rules (see `check_choices`).
    """
    if not can_cast_ballot(user, vote, now):
        raise BallotError(refusal(vote, user, now))
    return check_choices(vote, values)


def _locked_ballot(vote: Vote, user) -> Ballot | None:
    return db.session.scalar(select(Ballot).where(Ballot.vote_id == vote.id,
                                                  Ballot.user_id == user.id).with_for_update())


def cast_ballot(vote: Vote, user, values, now: datetime | None = None) -> Ballot:
    """Cast `user`'s ballot in `vote`, or replace the one they cast before; flushes, never commits.

    Refuses (BallotError) outside the voting window, ineligible accounts and choices that
    break the vote's rules. One ballot per (vote, account): the row is locked while it is
    changed, and a second ballot racing the first becomes a change of the first.
    """
    chosen = review_ballot(vote, user, values, now)
    now = aware(now) or utcnow()
    ballot = _locked_ballot(vote, user)
    if ballot is None:
        try:
            with db.session.begin_nested():
                ballot = Ballot(vote_id=vote.id, user_id=user.id,
                                municipality_id=vote.municipality_id, created_at=now,
                                updated_at=now)
                db.session.add(ballot)
        except IntegrityError:  # a concurrent request of the same account got there first
            ballot = _locked_ballot(vote, user)
    db.session.execute(delete(BallotChoice).where(BallotChoice.ballot_id == ballot.id))
    db.session.add_all([BallotChoice(ballot_id=ballot.id, project_id=p.id) for p in chosen])
    ballot.updated_at = now
    db.session.flush()
    db.session.expire(ballot, ["choices"])
    return ballot


def withdraw_ballot(vote: Vote, user, now: datetime | None = None) -> bool:
    """Delete `user`'s ballot while the vote is open; False when there was none.

    Refuses (BallotError) once the vote has closed.
    """
    if vote.phase_at(now) is not VotePhase.open:
        raise BallotError(refusal(vote, user, now) or _("The vote is not open."))
    ballot = _locked_ballot(vote, user)
    if ballot is None:
        return False
    db.session.execute(delete(BallotChoice).where(BallotChoice.ballot_id == ballot.id))
    db.session.expire(ballot, ["choices"])
    db.session.delete(ballot)
    db.session.flush()
    return True
