"""Factories for votes: `create_vote(...)` builds a vote with its projects straight in the database
(a vote in any phase, which the admin services would refuse to backdate), and helpers to move it."""
from __future__ import annotations

from datetime import datetime, timedelta

from app.core.clock import utcnow
from app.core.extensions import db
from app.votes.models import Eligibility, Project, Vote, VoteMethod

PROJECTS = (("Luftsensorer", 400_000), ("Smart gatelys", 900_000), ("Sykkelparkering", 300_000))


def hours(n: float) -> datetime:
    """Now plus `n` hours (negative: in the past)."""
    return utcnow() + timedelta(hours=n)


def create_vote(municipality, *, method: VoteMethod | str = VoteMethod.budget, projects=PROJECTS,
                budget: int | None = 1_000_000, max_choices: int | None = None,
                min_budget_share: int | None = None, opens_at=None, closes_at=None,
                published: bool = True, eligibility: Eligibility = Eligibility.account,
                results_live: bool = False, title: str = "Innbyggerbudsjett 2027") -> Vote:
    """A vote, open by default (opened an hour ago, closes in a week), with `projects` as
    (title, cost) pairs, each on the theme "mobilitet" and goal 11; committed."""
    method = VoteMethod(method)
    vote = Vote(
        municipality_id=municipality.id, title=title, description="Hva skal vi bruke pengene på?",
        method=method, budget=budget if method is VoteMethod.budget else None,
        max_choices=max_choices if method is VoteMethod.approval else None,
        min_budget_share=min_budget_share, eligibility=eligibility, results_live=results_live,
        opens_at=opens_at or hours(-1), closes_at=closes_at or hours(24 * 7),
        published_at=hours(-2) if published else None)
    db.session.add(vote)
    for position, (name, cost) in enumerate(projects, start=1):
        db.session.add(Project(vote=vote, municipality_id=municipality.id, title=name, cost=cost,
                               position=position, theme="mobilitet", sdgs=[11]))
    db.session.commit()
    return vote


def project_ids(vote, *titles) -> list[int]:
    """The ids of the vote's projects with these titles, in the order given."""
    by_title = {project.title: project.id for project in vote.projects}
    return [by_title[title] for title in titles]


def close(db, vote) -> None:
    """Move a vote's window into the past: it has closed."""
    vote.opens_at = hours(-48)
    vote.closes_at = hours(-1)
    db.session.commit()
