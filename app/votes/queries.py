"""Read-only lookups for the vote pages. The count of a vote is in results.py."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from app.core.clock import utcnow
from app.core.extensions import db
from app.core.pagination import paginate
from app.votes.models import Ballot, Vote

PER_PAGE = 20


def public_listing(municipality, page: int, now: datetime | None = None) -> dict:
    """Published votes of `municipality`: open and upcoming in full, closed ones a page at a time."""
    now = now or utcnow()
    published = select(Vote).where(Vote.municipality_id == municipality.id,
                                   Vote.published_at.is_not(None))
    current = db.session.scalars(published.where(Vote.closes_at > now)
                                 .order_by(Vote.closes_at, Vote.id)).all()
    closed = paginate(published.where(Vote.closes_at <= now)
                      .order_by(Vote.closes_at.desc(), Vote.id.desc()), page, PER_PAGE)
    return {"open_votes": [v for v in current if v.opens_at <= now],
            "upcoming_votes": [v for v in current if v.opens_at > now],
            "closed_votes": closed}


def admin_listing(municipality, page: int) -> dict:
    """Every vote of `municipality`, newest first, with its turnout (a count, nothing more)."""
    votes = paginate(select(Vote).where(Vote.municipality_id == municipality.id)
                     .order_by(Vote.created_at.desc(), Vote.id.desc()), page, PER_PAGE)
    ids = [vote.id for vote in votes.items]
    turnout = dict(db.session.execute(
        select(Ballot.vote_id, func.count(Ballot.id)).where(Ballot.vote_id.in_(ids))
        .group_by(Ballot.vote_id)).all()) if ids else {}
    return {"votes": votes, "turnout": turnout}


def ballot_of(vote: Vote, user) -> Ballot | None:
    """The ballot `user` cast in `vote`, if any (None for anonymous visitors)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(Ballot).where(Ballot.vote_id == vote.id,
                                                  Ballot.user_id == user.id))
