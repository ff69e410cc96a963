"""How the axe audit (tests/browser/test_axe.py) visits the vote pages in every state.

`register(...)` adds visits of an open participatory budget (the ballot, as a resident who has
voted and as one who has not), an approval vote with live results, an upcoming and an
ID-porten-only vote, a closed vote's results with chart and table, the admin pages of a draft,
an open and a closed vote, and the admin forms with errors. The exports (CSV, JSON) are named
in NOT_PAGES. The ballot's own states after a POST (errors, the summary step, confirmed) are
audited in tests/browser/test_votes.py, because check boxes are ticked, not filled in.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from app.core.extensions import db
from app.votes.models import Ballot, BallotChoice, Eligibility, Project, Vote, VoteMethod

ANONYMOUS, RESIDENT, ADMIN = "anonymous", "resident", "admin"
PROJECTS = [("Sensorer for luftkvalitet", 650_000, "apne-data", [3, 11], "Ved skolene"),
            ("Smart gatelys langs turveien", 1_200_000, "mobilitet", [7, 11], None),
            ("Sykkelparkering ved stasjonen", 800_000, "mobilitet", [11, 13], "Stasjonen"),
            ("Åpen dataportal", 450_000, "apne-data", [9, 16], None)]


def _vote(world, title, method, opens, closes, *, published=True, ballots=(), **fields) -> Vote:
    vote = Vote(municipality_id=world.municipality.id, title=title, method=method,
                description="Velg prosjektene du vil ha.", opens_at=opens, closes_at=closes,
                published_at=(opens - timedelta(days=1)) if published else None, **fields)
    db.session.add(vote)
    for position, (name, cost, theme, sdgs, place) in enumerate(PROJECTS, start=1):
        db.session.add(Project(vote=vote, municipality_id=world.municipality.id, title=name,
                               cost=cost, theme=theme, sdgs=sdgs, place=place, position=position,
                               description="Beskrivelse av prosjektet."))
    db.session.flush()
    for user, indexes in ballots:
        ballot = Ballot(vote_id=vote.id, user_id=user.id, municipality_id=vote.municipality_id)
        db.session.add(ballot)
        db.session.flush()
        db.session.add_all([BallotChoice(ballot_id=ballot.id, project_id=vote.projects[i].id)
                            for i in indexes])
    return vote


def scenes(world) -> dict:
    """The audit's votes, made once per world."""
    found = getattr(world, "_votes", None)
    if found is not None:
        return found
    from app.accounts.services import create_user

    now = datetime.now(timezone.utc)
    others = [create_user(f"axe-velger{n}@example.no", "Korrekt-hest-batteri-9") for n in range(6)]
    found = {
        "budget": _vote(world, "Innbyggerbudsjett", VoteMethod.budget, now - timedelta(days=2),
                        now + timedelta(days=20), budget=2_000_000, min_budget_share=20,
                        ballots=[(world.admin, [0, 3])]),
        "live": _vote(world, "Hva skal vi satse på?", VoteMethod.approval, now - timedelta(days=2),
                      now + timedelta(days=20), max_choices=2, results_live=True,
                      ballots=[(u, [n % 4, (n + 1) % 4]) for n, u in enumerate(others)]
                      + [(world.resident, [1])]),
        "upcoming": _vote(world, "Kommer snart", VoteMethod.single, now + timedelta(days=3),
                          now + timedelta(days=30)),
        "idporten": _vote(world, "Bare ID-porten", VoteMethod.single, now - timedelta(days=1),
                          now + timedelta(days=30), eligibility=Eligibility.idporten),
        "closed": _vote(world, "Avsluttet budsjett", VoteMethod.budget, now - timedelta(days=30),
                        now - timedelta(days=2), budget=2_000_000,
                        ballots=[(u, [n % 4]) for n, u in enumerate(others)]),
        "draft": _vote(world, "Kladd", VoteMethod.budget, now + timedelta(days=10),
                       now + timedelta(days=40), budget=1_000_000, published=False),
        # a machine draft in nynorsk waiting for its review (the notice and the confirmation)
        "unreviewed": _vote(world, "Utkast til omsetting", VoteMethod.single,
                            now + timedelta(days=10), now + timedelta(days=40), published=False,
                            title_nn="Utkast til omsetjing", machine_drafted="nn"),
        # published with its bokmål machine-drafted and reviewed (the note on the public page)
        "reviewed": _vote(world, "Budsjett for ungdom", VoteMethod.single,
                          now - timedelta(days=1), now + timedelta(days=30),
                          title_nn="Budsjett for ungdom", machine_drafted="nb",
                          draft_reviewed_at=now - timedelta(days=2)),
    }
    db.session.commit()
    world._votes = found
    return found


def register(visits: dict, not_pages: dict, form_states: list, FormState, Visit) -> None:  # noqa: N803
    def public(world, key: str, tail: str = "") -> str:
        return f"/{world.slug}/avstemninger/{scenes(world)[key].id}{tail}"

    def admin(world, key: str, tail: str = "") -> str:
        return f"/{world.slug}/admin/avstemninger/{scenes(world)[key].id}{tail}"

    not_pages["tenant.votes.results_json"] = "the results as JSON"
    not_pages["tenant.votes.results_csv"] = "the results as CSV"
    def listing(world, prefix: str = "") -> str:
        scenes(world)  # the list shows the audit's votes
        return f"/{world.slug}{prefix}/avstemninger/"

    visits["tenant.votes.index"] = lambda w: [Visit(listing(w), ANONYMOUS)]
    visits["tenant.votes.detail"] = lambda w: [
        Visit(public(w, "budget"), RESIDENT),  # the ballot, not yet cast
        Visit(public(w, "budget"), ADMIN),  # the ballot with "your vote" filled in
        Visit(public(w, "live"), RESIDENT), Visit(public(w, "budget"), ANONYMOUS),
        Visit(public(w, "upcoming"), ANONYMOUS), Visit(public(w, "idporten"), RESIDENT),
        Visit(public(w, "closed"), ANONYMOUS), Visit(public(w, "draft"), ADMIN),
        Visit(public(w, "reviewed"), ANONYMOUS), Visit(public(w, "unreviewed"), ADMIN)]
    visits["tenant.votes.results"] = lambda w: [
        Visit(public(w, "closed", "/resultater"), ANONYMOUS),
        Visit(public(w, "live", "/resultater"), ANONYMOUS),
        Visit(public(w, "budget", "/resultater"), ANONYMOUS)]
    visits["tenant.votes.admin_index"] = lambda w: [Visit(listing(w, "/admin"), ADMIN)]
    visits["tenant.votes.admin_vote"] = lambda w: [
        Visit(admin(w, key), ADMIN)
        for key in ("draft", "budget", "closed", "idporten", "unreviewed", "reviewed")]
    visits["tenant.votes.admin_add_project"] = lambda w: [
        Visit(admin(w, "draft", "/prosjekter/ny"), ADMIN)]
    visits["tenant.votes.admin_project"] = lambda w: [
        Visit(admin(w, "draft", f"/prosjekter/{scenes(w)['draft'].projects[0].id}"), ADMIN),
        Visit(admin(w, "budget", f"/prosjekter/{scenes(w)['budget'].projects[0].id}"), ADMIN)]
    form_states += [
        FormState("new vote, nothing filled in",
                  lambda w: f"/{w.slug}/admin/avstemninger/ny", {}, who=ADMIN),
        FormState("new vote, bad amount and closing before opening",
                  lambda w: f"/{w.slug}/admin/avstemninger/ny", {
                      "#title_nb": "Budsjett", "#budget": "mange penger",
                      "#opens_at": "2027-03-01T12:00", "#closes_at": "2027-02-01T12:00"},
                  who=ADMIN),
        FormState("new project, no cost",
                  lambda w: admin(w, "draft", "/prosjekter/ny"), {"#title_nb": "Prosjekt"}, who=ADMIN),
    ]
