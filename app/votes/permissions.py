"""Who may do what with votes. Pure predicates, used by views, templates and services alike."""
from __future__ import annotations

from flask import g

from app.accounts.permissions import can_administer, is_signed_in
from app.votes.models import Eligibility, VotePhase


def can_manage_votes(user, municipality) -> bool:
    """Admins of this municipality create, edit and publish votes; refuses everyone else."""
    return can_administer(user, municipality)


def can_view_vote(user, vote) -> bool:
    """Published votes are public; drafts only for the municipality's admins."""
    return vote.is_published or can_manage_votes(user, vote_municipality(vote))


def is_verified_by_idporten(user) -> bool:
    """Whether the account's identity was verified through ID-porten: it is linked to an
    ID-porten identity (logged in or linked through ID-porten; app/accounts/idporten_services.py).
    Refuses anonymous visitors and accounts without the link (unlinking removes it)."""
    return bool(getattr(user, "idporten_sub", None) and getattr(user, "idporten_verified_at", None))


def is_eligible(user, vote) -> bool:
    """A logged-in, active account; for ID-porten votes also verified through ID-porten. (For a
    residents' vote the voter also declares on the ballot to live in the municipality: see
    `needs_declaration`; the services refuse a ballot without it.)"""
    if not is_signed_in(user):
        return False
    if vote.eligibility is Eligibility.idporten:
        return is_verified_by_idporten(user)
    return True


def needs_declaration(vote) -> bool:
    """A residents' vote: the ballot must carry the voter's declaration that they live in the
    municipality (Tinget cannot check it)."""
    return vote.eligibility is Eligibility.resident


def can_cast_ballot(user, vote, now=None) -> bool:
    """Eligible accounts while the vote is open; refuses drafts, upcoming and closed votes."""
    return vote.phase_at(now) is VotePhase.open and is_eligible(user, vote)


def results_visible(vote, now=None) -> bool:
    """Results are public once the vote has closed, or while it is open when the admin chose
    live results. Nobody, admins included, sees hidden results early."""
    phase = vote.phase_at(now)
    return phase is VotePhase.closed or (phase is VotePhase.open and vote.results_live)


def vote_municipality(vote):
    """The request's municipality when it owns `vote`, else None (so nobody manages it here)."""
    municipality = g.get("municipality")
    return municipality if municipality is not None and municipality.id == vote.municipality_id \
        else None
