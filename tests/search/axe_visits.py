"""How the axe audit (tests/browser/test_axe.py) visits the search page: the empty state, a
search with hits of every kind (made once in the audit's municipality) and one without."""
from __future__ import annotations

from tests.search import factories as f


def world_items(world) -> None:
    if getattr(world, "_search_items", False):
        return
    m = world.municipality
    f.idea(m, "Snøbrøyting av sykkelveier", "Sykkelveiene må **brøytes** før bilveiene.",
           sdgs=[11])
    f.consultation(m, title_nb="Sykkelveiplan", title_nn="Sykkelvegplan", theme="mobilitet",
                   sdgs=[3, 11])
    f.vote(m, "Sykkelvei eller park?", theme="mobilitet")
    f.survey(m, "Hvor sykler du?", theme="mobilitet")
    f.experience(m, title_nb="Dette lærte vi av sykkelveiplanen",
                 asked_nb="Hvor trengs nye sykkelveier?", theme="mobilitet", sdgs=[11])
    world._search_items = True


def register(visits: dict, not_pages: dict, form_states: list, FormState, Visit) -> None:  # noqa: N803
    def search(world):
        world_items(world)
        return [Visit("/sok/"), Visit("/sok/?q=sykkelveier"),
                Visit(f"/sok/?q=sykkel&kommune={world.slug}&tema=mobilitet&mal=11"),
                Visit("/sok/?q=finnesikke")]

    visits["search.index"] = search
