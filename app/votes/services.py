"""Ballots: check the rules of a vote, cast and change a ballot, withdraw it.

Every rule is checked here, on the server, whatever the browser sent. Ballots are secret:
nothing here writes who voted for what to the audit log.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, insert, update
from sqlalchemy.exc import IntegrityError

from app.core.clock import aware, utcnow
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.i18n import format_datetime, format_nok
from app.votes.models import (
    Ballot, BallotChoice, Eligibility, Project, Vote, VoteMethod, VotePhase,
)
from app.votes.permissions import can_cast_ballot, is_eligible, needs_declaration


class BallotError(ServiceError):
    """A ballot that cannot be accepted; the message is safe to show to the voter."""


class BallotClash(RuntimeError):
    """Other requests of the same voter changed the ballot while this one tried to; the view
    tries again once, then shows the ballot as it is."""


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
            # /konto/ is a stable address (CONTRACT.md); url_for needs a request, which
            # services called from the command line or a test do not always have
            return _("Only accounts verified through ID-porten can vote here. Link ID-porten "
                     "to your account on your account page (%(url)s), then come back to vote.",
                     url="/konto/")
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


def review_ballot(vote: Vote, user, values, now: datetime | None = None, *,
                  lives_here: bool = False) -> list[Project]:
    """The projects `user` chose, for the summary step; writes nothing.

    Refuses (BallotError) what `cast_ballot` would refuse: a voter who cannot vote now (see
    `refusal`), choices that break the vote's rules (see `check_choices`), and in a residents'
    vote a ballot without the declaration `lives_here`.
    """
    if not can_cast_ballot(user, vote, now):
        raise BallotError(refusal(vote, user, now))
    chosen = check_choices(vote, values)
    if needs_declaration(vote) and not lives_here:
        raise BallotError(_("Only residents of %(municipality)s can vote. Tick “I live in "
                            "%(municipality)s” to declare that you do.",
                            municipality=vote.municipality.display_name), field="lives_here")
    return chosen


def _take_ballot(vote: Vote, user, now: datetime) -> int | None:
    """Lock `user`'s ballot row in `vote` for this transaction and return its id (None: no ballot).

    An UPDATE rather than a SELECT … FOR UPDATE: on PostgreSQL it locks the row the same way (a
    request that waited sees the row as the other left it, or gone), and on SQLite, which has no
    row locks, it takes the database's write lock before the ballot is read, so two windows of one
    voter change the ballot one after the other and never from a stale read.
    """
    return db.session.scalar(
        update(Ballot).where(Ballot.vote_id == vote.id, Ballot.user_id == user.id)
        .values(updated_at=now).returning(Ballot.id)
        .execution_options(synchronize_session=False))


def _new_ballot(vote: Vote, user, now: datetime) -> int | None:
    """Insert `user`'s ballot and return its id; a ballot inserted by a concurrent request of the
    same account (the unique constraint) is taken instead, if it is still there."""
    try:
        with db.session.begin_nested():
            return db.session.scalar(insert(Ballot).values(
                vote_id=vote.id, user_id=user.id, municipality_id=vote.municipality_id,
                created_at=now, updated_at=now).returning(Ballot.id))
    except IntegrityError:  # the other request committed its first ballot: change that one
        return _take_ballot(vote, user, now)


def _ballot_to_change(vote: Vote, user, now: datetime) -> int:
    """The id of `user`'s ballot in `vote`, locked, created if there was none.

    Between a failed insert and the next look another window may have withdrawn the ballot
    again; after a few such rounds the request gives up with BallotClash."""
    for _attempt in range(3):
        ballot_id = _take_ballot(vote, user, now) or _new_ballot(vote, user, now)
        if ballot_id is not None:
            return ballot_id
    raise BallotClash("the ballot kept changing under this request")


def _held(ballot_id: int) -> Ballot | None:
    """The copy of the ballot this session may already hold (it is now out of date)."""
    return db.session.identity_map.get(db.session.identity_key(Ballot, ballot_id))


def cast_ballot(vote: Vote, user, values, now: datetime | None = None, *,
                lives_here: bool = False) -> Ballot:
    """Cast `user`'s ballot in `vote`, or replace the one they cast before; flushes, never commits.

    Refuses (BallotError) outside the voting window, ineligible accounts, choices that break
    the vote's rules and, in a residents' vote, a ballot without the declaration `lives_here`
    (a ballot is only accepted with it, so nothing about it is stored: the ballot stays as
    secret as any other). One ballot per (vote, account): the row is locked before it is read
    and changed, and a first ballot racing another becomes a change of it.
    """
    chosen = review_ballot(vote, user, values, now, lives_here=lives_here)
    now = aware(now) or utcnow()
    db.session.flush()
    ballot_id = _ballot_to_change(vote, user, now)
    db.session.execute(delete(BallotChoice).where(BallotChoice.ballot_id == ballot_id))
    db.session.execute(insert(BallotChoice), [{"ballot_id": ballot_id, "project_id": project.id}
                                              for project in chosen])
    if (held := _held(ballot_id)) is not None:
        db.session.expire(held)  # read again as it now is
    return db.session.get(Ballot, ballot_id)


def withdraw_ballot(vote: Vote, user, now: datetime | None = None) -> bool:
    """Delete `user`'s ballot while the vote is open; False when there was none (also when another
    window withdrew it a moment before).

    Refuses (BallotError) once the vote has closed.
    """
    if vote.phase_at(now) is not VotePhase.open:
        raise BallotError(refusal(vote, user, now) or _("The vote is not open."))
    db.session.flush()
    ballot_id = _take_ballot(vote, user, aware(now) or utcnow())
    if ballot_id is None:
        return False
    db.session.execute(delete(BallotChoice).where(BallotChoice.ballot_id == ballot_id))
    db.session.execute(delete(Ballot).where(Ballot.id == ballot_id)
                       .execution_options(synchronize_session=False))
    if (held := _held(ballot_id)) is not None:
        db.session.expunge(held)  # gone from the database
    return True
