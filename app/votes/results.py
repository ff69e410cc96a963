"""Counting a vote: turnout, votes per project, winners and, for a participatory budget, the
funded projects. The rules are stated on the results page in the same words as here.

Ranking: most votes first. Ties: for a participatory budget the cheaper project first (it leaves
more money for the others), then the order on the ballot; for the other methods the order on the
ballot, and projects with equally many votes share their place.

Participatory budget (greedy rule): go through the projects in that order; fund a project if
its cost fits in what is left of the budget, otherwise skip it and go on. A project nobody
voted for is never funded.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.core.exports import csv_text
from app.core.extensions import db
from app.votes.models import Ballot, BallotChoice, Project, Vote, VoteMethod, VotePhase

#: live results are shown only from this many ballots on, so no one's choice can be worked out
MIN_BALLOTS_FOR_LIVE_RESULTS = 5


@dataclass
class ProjectResult:
    project: Project
    votes: int
    #: 1 for the most votes; equal votes share a place (except in a budget, where ties are broken)
    place: int = 0
    #: participatory budget only: True when funded, None for the other methods
    funded: bool | None = None

    def share_of(self, ballots: int) -> float:
        return 100.0 * self.votes / ballots if ballots else 0.0


@dataclass
class Results:
    vote: Vote
    ballots: int
    rows: list[ProjectResult] = field(default_factory=list)

    @property
    def most_votes(self) -> int:
        return max((row.votes for row in self.rows), default=0)

    @property
    def leaders(self) -> list[ProjectResult]:
        """The project(s) with the most votes (several when tied); none without ballots."""
        if not self.ballots or not self.most_votes:
            return []
        return [row for row in self.rows if row.votes == self.most_votes]

    @property
    def funded(self) -> list[ProjectResult]:
        return [row for row in self.rows if row.funded]

    @property
    def funded_total(self) -> int:
        return sum(row.project.cost for row in self.funded)

    @property
    def choices_cast(self) -> int:
        return sum(row.votes for row in self.rows)


def count_ballots(vote: Vote) -> int:
    """Turnout: the number of ballots cast in `vote`."""
    return db.session.scalar(select(func.count(Ballot.id)).where(Ballot.vote_id == vote.id)) or 0


def votes_per_project(vote: Vote) -> dict[int, int]:
    rows = db.session.execute(
        select(BallotChoice.project_id, func.count())
        .join(Ballot, Ballot.id == BallotChoice.ballot_id)
        .where(Ballot.vote_id == vote.id)
        .group_by(BallotChoice.project_id))
    return {project_id: count for project_id, count in rows}


def rank(vote: Vote, counts: dict[int, int]) -> list[ProjectResult]:
    """Projects in result order with their places (see the module docstring for ties)."""
    order = {project.id: index for index, project in enumerate(vote.projects)}
    if vote.method is VoteMethod.budget:
        key = lambda p: (-counts.get(p.id, 0), p.cost, order[p.id])  # noqa: E731
    else:
        key = lambda p: (-counts.get(p.id, 0), order[p.id])  # noqa: E731
    rows = [ProjectResult(project, counts.get(project.id, 0))
            for project in sorted(vote.projects, key=key)]
    for index, row in enumerate(rows):
        shared = vote.method is not VoteMethod.budget and index and rows[index - 1].votes == row.votes
        row.place = rows[index - 1].place if shared else index + 1
    return rows


def fund(budget: int, rows: list[ProjectResult]) -> None:
    """Mark the funded projects by the greedy rule; `rows` must be in result order."""
    left = budget
    for row in rows:
        row.funded = bool(row.votes > 0 and row.project.cost <= left)
        if row.funded:
            left -= row.project.cost


def tally_vote(vote: Vote) -> Results:
    """Count `vote` now: aggregates only, never who voted for what."""
    results = Results(vote, count_ballots(vote), rank(vote, votes_per_project(vote)))
    if vote.method is VoteMethod.budget:
        fund(vote.budget or 0, results.rows)
    return results


def live_results_withheld(vote: Vote, ballots: int, now=None) -> bool:
    """While a vote is open, live results wait for a few ballots to protect secrecy."""
    return vote.phase_at(now) is VotePhase.open and ballots < MIN_BALLOTS_FOR_LIVE_RESULTS


def results_as_dict(results: Results, rule: str) -> dict:
    """The JSON export: aggregates per project and the turnout, nothing per person."""
    vote = results.vote
    return {
        "vote": {
            "id": vote.id, "title": vote.title, "method": vote.method.value,
            "opens_at": vote.opens_at.isoformat(), "closes_at": vote.closes_at.isoformat(),
            "phase": vote.phase.value, "budget_nok": vote.budget,
            "min_budget_share_percent": vote.min_budget_share, "max_choices": vote.max_choices,
        },
        "rule": rule,
        "turnout": {"ballots": results.ballots, "choices": results.choices_cast},
        "funded_total_nok": results.funded_total if vote.method is VoteMethod.budget else None,
        "projects": [{
            "id": row.project.id, "place": row.place, "title": row.project.title,
            "cost_nok": row.project.cost, "votes": row.votes,
            "share_of_ballots_percent": round(row.share_of(results.ballots), 1),
            "funded": row.funded,
        } for row in results.rows],
    }


def results_as_csv(results: Results, headers: list[str], yes: str, no: str) -> str:
    """The CSV export (`app.core.exports`: `;`, BOM, formula-safe cells), with a decimal comma.
    One line per project; nothing per person."""
    budget = results.vote.method is VoteMethod.budget
    rows = []
    for row in results.rows:
        share = f"{row.share_of(results.ballots):.1f}".replace(".", ",")
        line = [row.place, row.project.title, row.project.cost, row.votes, share]
        if budget:
            line.append(yes if row.funded else no)
        rows.append(line)
    return csv_text(headers, rows)
