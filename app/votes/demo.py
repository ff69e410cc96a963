"""Demo votes for `flask demo-data`: idempotent.

Asker: an open participatory budget with seven smart-city projects and some ballots.
Bergen: a closed approval vote with its results.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select

from app.accounts.models import User
from app.accounts.services import create_user
from app.core.clock import oslo_to_utc, to_oslo, utcnow
from app.core.extensions import db
from app.municipalities.models import Municipality
from app.votes.models import Ballot, BallotChoice, Project, Vote, VoteMethod
from app.votes.services import check_choices

ASKER_TITLE = "Innbyggerbudsjett for smartere Asker 2027"
ASKER_PROJECTS = [
    ("Sensorer for luftkvalitet ved skolene", 650_000, "apne-data", [3, 11],
     "Måler svevestøv og NO₂ ved ti skoler og viser tallene åpent på nett.", "Asker sentrum og Heggedal"),
    ("Smart gatelys langs turveiene", 1_200_000, "mobilitet", [7, 11],
     "LED-lys som dimmes når ingen går der, og lyser opp når noen kommer.", "Turveien langs Askerelva"),
    ("Sikker sykkelparkering ved stasjonene", 800_000, "mobilitet", [11, 13],
     "Låsbare sykkelhus med lading for elsykler ved Asker og Vollen.", "Asker stasjon og Vollen"),
    ("Åpen dataportal for kommunen", 450_000, "apne-data", [9, 16],
     "Kommunens data om trafikk, miljø og økonomi samlet og gratis å bruke.", None),
    ("Smarte avfallsbeholdere med fyllingssensor", 550_000, "anskaffelser", [11, 12],
     "Beholdere som sier fra når de er fulle, så bilene kjører kortere.", "Friområdene i Holmen"),
    ("Digital innbyggerpanel for ungdom", 300_000, "innbyggerinvolvering", [4, 10, 16],
     "Et panel der unge mellom 13 og 19 år svarer på saker som gjelder dem.", None),
    ("Vannmålere som varsler lekkasjer", 900_000, "smartbyretningslinjer", [6, 9],
     "Målere i kommunale bygg som varsler om lekkasjer før de gjør skade.", "Kommunale bygg"),
]
ASKER_BALLOTS = [[0, 2, 3], [0, 3, 5], [1, 5], [0, 2, 3, 5], [2, 3, 4], [0, 6, 5], [3, 4, 5],
                 [0, 2], [1, 3], [0, 3, 4, 5]]

BERGEN_TITLE = "Hvilke smartbyprosjekter skal Bergen prioritere i 2026?"
BERGEN_PROJECTS = [
    ("Sanntidsinformasjon om ledige ladeplasser", 2_500_000, "mobilitet", [7, 11],
     "Vis ledige ladeplasser for elbil i appen og på skilt.", "Bergen sentrum"),
    ("Sensorer for flomvarsling", 3_200_000, "smartbyretningslinjer", [11, 13],
     "Målere i elver og bekker som varsler før det flommer.", "Fana og Åsane"),
    ("Åpne data om bybanen", 600_000, "apne-data", [9, 11],
     "Forsinkelser og passasjertall som åpne data.", None),
    ("Smart styring av snøbrøyting", 1_800_000, "anskaffelser", [11],
     "Brøyting styrt etter værdata og trafikk.", None),
]
BERGEN_BALLOTS = [[0, 1], [1, 2], [1], [0, 1, 2], [2, 3], [1, 3], [0, 2], [1, 2], [0], [1, 2, 3],
                  [2], [1]]


def _voters(count: int, password: str) -> list[User]:
    voters = []
    for n in range(1, count + 1):
        email = f"velger{n:02d}@demo.tinget.no"
        user = db.session.scalar(select(User).where(User.email == email))
        voters.append(user or create_user(email, password, f"Demovelger {n}"))
    return voters


def _make_vote(municipality, title, method, projects, **fields) -> Vote:
    vote = Vote(municipality_id=municipality.id, title=title, method=method, **fields)
    db.session.add(vote)
    for position, (name, cost, theme, sdgs, description, place) in enumerate(projects, start=1):
        db.session.add(Project(vote=vote, municipality_id=municipality.id, title=name, cost=cost,
                               theme=theme, sdgs=sdgs, description=description, place=place,
                               position=position))
    db.session.flush()
    return vote


def _add_ballots(vote: Vote, voters: list[User], ballots: list[list[int]], when: datetime) -> None:
    """Ballots as they would have been cast; each is checked against the vote's rules."""
    for voter, indexes in zip(voters, ballots):
        chosen = check_choices(vote, [vote.projects[i].id for i in indexes])
        ballot = Ballot(vote_id=vote.id, user_id=voter.id, municipality_id=vote.municipality_id,
                        created_at=when, updated_at=when)
        db.session.add(ballot)
        db.session.flush()
        db.session.add_all([BallotChoice(ballot_id=ballot.id, project_id=p.id) for p in chosen])
    db.session.flush()


def _exists(municipality, title) -> bool:
    return db.session.scalar(select(Vote.id).where(Vote.municipality_id == municipality.id,
                                                   Vote.title == title)) is not None


def _oslo_day(days: int, hour: int) -> datetime:
    """A round time in Oslo, `days` from today (negative: before): 12.00, never "kl. 00.43"."""
    day = to_oslo(utcnow()).date() + timedelta(days=days)
    return oslo_to_utc(datetime(day.year, day.month, day.day, hour))


def load_demo_votes(echo=print, password: str = "Tinget-demo-2026") -> None:
    """Create the demo votes once; running again changes nothing. Their times are round hours in
    Oslo, as a municipality would set them."""
    asker = db.session.scalar(select(Municipality).where(Municipality.slug == "asker"))
    bergen = db.session.scalar(select(Municipality).where(Municipality.slug == "bergen"))
    voters = _voters(max(len(ASKER_BALLOTS), len(BERGEN_BALLOTS)), password)
    if asker is not None and not _exists(asker, ASKER_TITLE):
        vote = _make_vote(
            asker, ASKER_TITLE, VoteMethod.budget, ASKER_PROJECTS, budget=2_500_000,
            min_budget_share=20, opens_at=_oslo_day(-3, 9), closes_at=_oslo_day(25, 12),
            published_at=_oslo_day(-4, 10),
            description="Asker kommune setter av 2,5 millioner kroner til smartbyprosjekter. "
                        "Velg prosjektene du vil ha, så lenge de til sammen holder seg innenfor "
                        "budsjettet.")
        _add_ballots(vote, voters, ASKER_BALLOTS, _oslo_day(-1, 18))
        echo(f"Demo vote in Asker: /asker/avstemninger/{vote.id}")
    if bergen is not None and not _exists(bergen, BERGEN_TITLE):
        vote = _make_vote(
            bergen, BERGEN_TITLE, VoteMethod.approval, BERGEN_PROJECTS, max_choices=2,
            opens_at=_oslo_day(-40, 9), closes_at=_oslo_day(-10, 12),
            published_at=_oslo_day(-41, 10),
            description="Velg opptil to prosjekter du mener Bergen bør satse på først.")
        random.Random(2026).shuffle(voters)
        _add_ballots(vote, voters, [b[:2] for b in BERGEN_BALLOTS], _oslo_day(-20, 18))
        echo(f"Closed demo vote with results in Bergen: /bergen/avstemninger/{vote.id}/resultater")
