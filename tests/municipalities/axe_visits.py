"""How the axe audit (tests/browser/test_axe.py) visits the identity pages: the home page and
the identity settings with a logo, a colour, a header image and welcome texts set."""
from __future__ import annotations

from tests.municipalities.factories import with_identity

ADMIN = "admin"


def _identity(world):
    if not getattr(world, "_identity", False):
        with_identity(world.municipality)
        world._identity = True


def register(visits: dict, not_pages: dict, form_states: list, FormState, Visit) -> None:  # noqa: N803
    def home(world):
        _identity(world)
        return [Visit(f"/{world.slug}/")]

    def identity(world):
        _identity(world)
        return [Visit(f"/{world.slug}/admin/utseende/", ADMIN)]

    visits["tenant.municipalities.home"] = home
    visits["tenant.municipalities.identity"] = identity
    not_pages["tenant.municipalities.stylesheet"] = "the municipality's colour as CSS"
    form_states.append(FormState("identity, a colour too light for white text",
                                 lambda w: f"/{w.slug}/admin/utseende/",
                                 {"#accent_color": "#ffcc00"}, who=ADMIN))
