"""How the axe audit (tests/browser/test_axe.py) visits the sharing pages: the audit's admin
(Kautokeino) browses what Voss shares (a consultation, a vote and a survey), filtered to
nothing, and previews each kind."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.core.clock import utcnow
from app.core.extensions import db
from app.municipalities.models import Municipality
from tests.consultations.factories import consultation_in_phase
from tests.surveys.factories import build_survey
from tests.votes.factories import create_vote

ADMIN = "admin"


def shared(world) -> dict:
    """One shared item of each kind in Voss, made once per world: {URL segment: id}."""
    found = getattr(world, "_shared", None)
    if found is not None:
        return found
    voss = db.session.scalar(select(Municipality).where(Municipality.slug == "voss"))
    items = {
        "horing": consultation_in_phase(
            voss, "open", title_nb="Ny skule på Vangen", title_nn="Ny skule på Vangen",
            questions=("Kva meiner du om plasseringa?",), theme="innbyggerinvolvering",
            sdgs=[4, 11]),
        "avstemning": create_vote(voss, title="Innbyggjarbudsjett"),
        "undersokelse": build_survey(voss, title="Korleis reiser du?"),
    }
    for item in items.values():
        item.shared_at = utcnow() - timedelta(days=1)
    db.session.commit()
    world._shared = found = {kind: item.id for kind, item in items.items()}
    return found


def register(visits: dict, not_pages: dict, form_states: list, FormState, Visit) -> None:  # noqa: N803
    def browse(world, query: str = "") -> str:
        shared(world)
        return f"/{world.slug}/admin/fra-nettverket/{query}"

    visits["tenant.sharing.admin_index"] = lambda w: [
        Visit(browse(w), ADMIN), Visit(browse(w, "?tema=anskaffelser&type=horing"), ADMIN)]
    visits["tenant.sharing.admin_preview"] = lambda w: [
        Visit(browse(w, f"{kind}/{item_id}"), ADMIN) for kind, item_id in shared(w).items()]
