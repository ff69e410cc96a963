"""How the axe audit (tests/browser/test_axe.py) visits the figures pages, with figures on them:
contributions of every kind in the audit's municipality over the last months (anonymous and
embedded survey responses among them), and moderation decisions with reasons and a report."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app as app, g

from app.core.clock import utcnow
from app.core.extensions import db
from app.moderation import services as moderation
from app.moderation.models import Decision, ModerationState, ReportReason
from tests.figures import factories as f

ADMIN, ANONYMOUS = "admin", "anonymous"
#: the audit's World has no secretariat account yet; see network_admin()
NETWORK_ADMIN = "network_admin"


def with_figures(world) -> None:
    """Contributions and moderation decisions in the audit's municipality; made once."""
    if getattr(world, "_figures", False):
        return
    municipality, resident, admin = world.municipality, world.resident, world.admin
    now = utcnow()
    hearing = f.consultation(municipality, theme="apne-data")
    questions = f.survey(municipality, theme="mobilitet")
    box = f.vote(municipality, theme="kommunikasjon")
    for months_ago in range(5):
        at = now - timedelta(days=30 * months_ago + 1)
        idea = f.idea(municipality, resident, at, theme="mobilitet",
                      state=ModerationState.pending)
        f.support(idea, admin, at)
        f.response(questions, None, at, channel="embed")
        f.response(questions, None, at)
        if months_ago < 2:
            f.comment(idea, admin, at)
            f.answer(hearing, resident, at)
    f.ballot(box, resident, now - timedelta(days=2))
    pending = [f.idea(municipality, resident, now - timedelta(days=3),
                      state=ModerationState.pending) for _ in range(2)]
    reporter = f.reporter(municipality)
    with app.test_request_context(f"/{municipality.slug}/"):
        g.municipality = municipality  # the decisions' mails link to the items
        moderation.decide(pending[0], admin, Decision.approve)
        moderation.decide(pending[1], admin, Decision.reject, "Reklame eller spam")
        moderation.report_item(pending[0], reporter, municipality, ReportReason.off_topic, "")
        moderation.decide(pending[0], admin, Decision.hide, "Noe annet")
        db.session.commit()
    world._figures = True


def network_admin(world) -> str:
    """Who visits the network's figures: the World's secretariat account where it has one,
    else its admin made a network admin too (the admin's own pages are unchanged by that)."""
    if getattr(world, "network_admin", None) is not None:
        return NETWORK_ADMIN
    world.admin.is_network_admin = True
    db.session.commit()
    return ADMIN


def register(visits: dict, not_pages: dict, form_states: list, FormState, Visit) -> None:  # noqa: N803
    def participation(world):
        with_figures(world)
        path = f"/{world.slug}/admin/deltakelse/"
        return [Visit(path, ADMIN), Visit(path + "?fra=2026-05&til=2026-01", ADMIN)]

    def network(world):
        with_figures(world)
        return [Visit("/nettverk/deltakelse/", network_admin(world))]

    def openness(world):
        with_figures(world)
        return [Visit(f"/{world.slug}/apenhet/", ANONYMOUS)]

    visits["tenant.figures.participation"] = participation
    visits["figures_network.network"] = network
    visits["tenant.figures.openness"] = openness
    for endpoint in ("tenant.figures.participation_csv", "figures_network.network_csv",
                     "tenant.figures.openness_csv"):
        not_pages[endpoint] = "a table of figures as CSV; its page is audited"
