"""How the axe audit (tests/browser/test_axe.py) visits Mitt arbeid: as the municipality's
admin, with items waiting (the figures area's content: pending ideas, a hidden one, a running
vote and survey, consultation answers). /arbeid/ sends staff of one municipality on to it."""
from __future__ import annotations

from tests.figures.axe_visits import with_figures

ADMIN = "admin"


def register(visits: dict, not_pages: dict, form_states: list, FormState, Visit) -> None:  # noqa: N803
    def work(world):
        with_figures(world)
        return [Visit(f"/{world.slug}/arbeid/", ADMIN)]

    def chooser(world):
        return [Visit("/arbeid/", ADMIN, lands_on=f"/{world.slug}/arbeid/")]

    visits["tenant.work.index"] = work
    visits["work_chooser.choose"] = chooser
