"""How the axe audit (tests/browser/test_axe.py) visits the secretariat's pages at /nettverk/.

The audit's admin (an admin of its municipality, so a member admin of the network cases) is
made a network admin as well, so that the same log-in sees the secretariat's tools and the
member's answer forms. The cases are made once: an open vote and consultation to answer, a draft
to publish, and a closed vote with answers from two members for the results.
"""
from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import Role, User
from app.accounts.services import create_user
from app.core.extensions import db
from app.municipalities.models import Municipality
from tests.secretariat.factories import create_case, create_response

ADMIN = "admin"


def _world(world):
    """The audit's admin runs the network; the cases and an imported non-member exist (once)."""
    made = getattr(world, "_secretariat", None)
    if made is not None:
        return made
    admin = db.session.get(User, world.admin.id)
    admin.is_network_admin = True
    outsider = Municipality(number="9998", official_name="Utenfor", name="Utenfor",
                            slug="utenfor", county="Vestland", is_active=False)
    db.session.add(outsider)
    db.session.commit()
    voss = db.session.scalar(select(Municipality).where(Municipality.slug == "voss"))
    open_vote = create_case("vote", "open", title_nn="Felles rettleiar for opne data")
    open_consultation = create_case("consultation", "open", title="Innspill til strategien")
    draft = create_case("vote", "draft", title="Utkast til avstemning")
    closed = create_case("vote", "closed", title="Valg av leder")
    create_response(closed, world.municipality, admin, option=closed.options[0])
    voss_admin = create_user("admin@voss.example.no", "Korrekt-hest-batteri-9", "Voss-admin",
                             municipality=voss, role=Role.admin)
    db.session.commit()
    create_response(closed, voss, voss_admin, option=closed.options[1])
    made = world._secretariat = {
        "outsider": outsider.id, "voss": voss.id, "open_vote": open_vote.id,
        "open_consultation": open_consultation.id, "draft": draft.id, "closed": closed.id}
    return made


def register(visits: dict, not_pages: dict, form_states: list, FormState, Visit) -> None:  # noqa: N803
    def page(path):
        """A visit by the audit's admin, once `_world` has made it a network admin; `path` may
        name the objects `_world` made: "/nettverk/saker/{draft}"."""
        return lambda world: [Visit(path.format(**_world(world)), ADMIN)]

    def pages(*paths):
        return lambda world: [visit for path in paths for visit in page(path)(world)]

    visits["secretariat.index"] = pages("/nettverk/", "/nettverk/?q=finnes-ikke")
    visits["secretariat.activate"] = page("/nettverk/kommuner/{outsider}/aktiver")
    visits["secretariat.deactivate"] = page("/nettverk/kommuner/{voss}/deaktiver")
    visits["secretariat.activity"] = page("/nettverk/aktivitet")
    visits["secretariat.themes"] = page("/nettverk/tema")
    visits["secretariat.cases"] = page("/nettverk/saker/")
    visits["secretariat.new_case"] = page("/nettverk/saker/ny")
    visits["secretariat.case"] = pages(*(f"/nettverk/saker/{{{key}}}" for key in (
        "open_vote", "open_consultation", "draft", "closed")))
    visits["secretariat.edit_case"] = page("/nettverk/saker/{draft}/endre")
    form_states.append(FormState("network case, nothing filled in",
                                 lambda w: "/nettverk/saker/ny".format(**_world(w)), {},
                                 who=ADMIN))
