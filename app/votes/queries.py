"""Read-only lookups for the vote pages."""
from __future__ import annotations

from sqlalchemy import func, select

from app.core.extensions import db
from app.core.clock import utcnow
from app.votes.models import Ballot, Vote

PER_PAGE = 20


def public_listing(municipality, page: int, now=None) -> dict:
    """Published votes of `municipality`: open and upcoming in full, closed ones a page at a time."""
    now = now or utcnow()
    published = select(Vote).where(Vote.municipality_id == municipality.id,
                                    Vote.published_at.is_not(None))
    current = db.session.scalars(published.where(Vote.closes_at > now)
                                 .order_by(Vote.closes_at, Vote.id)).all()
    closed = db.paginate(published.where(Vote.closes_at <= now)
                         .order_by(Vote.closes_at.desc(), Vote.id.desc()),
                         page=max(page, 1), per_page=PER_PAGE, error_out=False)
    return {"open_votes": [v for v in current if v.opens_at_utc <= now],
            "upcoming_votes": [v for v in current if v.opens_at_utc > now],
            "closed_votes": closed}


def admin_listing(municipality, page: int) -> dict:
    """Every vote of `municipality`, newest first, with its turnout (a count, nothing more)."""
    votes = db.paginate(select(Vote).where(Vote.municipality_id == municipality.id)
                        .order_by(Vote.created_at.desc(), Vote.id.desc()),
                        page=max(page, 1), per_page=PER_PAGE, error_out=False)
    ids = [vote.id for vote in votes.items]
    turnout = dict(db.session.execute(
        select(Ballot.vote_id, func.count(Ballot.id)).where(Ballot.vote_id.in_(ids))
        .group_by(Ballot.vote_id)).all()) if ids else {}
    return {"votes": votes, "turnout": turnout}
