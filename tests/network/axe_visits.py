"""How the axe audit (tests/browser/test_axe.py) visits the network's pages with content: the
front page, a theme, a goal and the experiences of every member (with and without filters)."""
from __future__ import annotations

from tests.network.factories import fill


def with_content(world):
    """Items about mobility and goal 11, finished and open, in the audit's municipality; once."""
    if not getattr(world, "_network_content", None):
        world._network_content = fill(world.municipality, world.resident, "axe")
    return world._network_content


def register(visits: dict, not_pages: dict, form_states: list, FormState, Visit) -> None:  # noqa: N803
    def visit(*paths):
        def make(world):
            with_content(world)
            return [Visit(path) for path in paths]
        return make

    visits["network.index"] = visit("/")
    visits["network.theme"] = visit("/tema/mobilitet/", "/tema/anskaffelser/")
    visits["network.goal"] = visit("/mal/11/", "/mal/1/")
    visits["network.themes"] = visit("/tema/")
    visits["network.goals"] = visit("/mal/")
    visits["network.experiences"] = visit("/erfaringer/", "/erfaringer/?tema=anskaffelser")
