"""How the axe audit visits the experience pages: a municipality's list with an experience in
it, and the admin overview with items waiting for one. The detail and the edit and new forms
are visited through tests/experiences/tenant_objects.py; the form with errors is a FormState."""
from __future__ import annotations

from tests.experiences.factories import finished_item
from tests.network.axe_visits import with_content

ADMIN = "admin"


def register(visits: dict, not_pages: dict, form_states: list, FormState, Visit) -> None:  # noqa: N803
    def index(world):
        with_content(world)
        return [Visit(f"/{world.slug}/erfaringer/")]

    def admin_index(world):
        with_content(world)
        return [Visit(f"/{world.slug}/admin/erfaringer/", ADMIN)]

    def new_form(world):
        item = getattr(world, "_experience_item", None)
        if item is None:
            item = world._experience_item = finished_item(world.municipality, "survey",
                                                          title="Hva syns du om bussen?")
        return f"/{world.slug}/admin/erfaringer/ny/survey/{item.id}"

    visits["tenant.experiences.index"] = index
    visits["tenant.experiences.admin_index"] = admin_index
    form_states.append(FormState("experience, half a bokmål text", new_form,
                                 {"#title_nb": "Bare en tittel"}, who=ADMIN))
