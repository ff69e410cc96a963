"""Registry of how to make an object for each tenant route that takes an object id.

The tenancy and CSRF tests walk `app.url_map`; a tenant route with arguments besides
`municipality` must be registered here (from `tests/<area>/tenant_objects.py`), or those tests
fail and name the route. A factory takes (municipality, owner) and returns the URL values for an
object of that municipality, e.g. {"idea_id": 7}. `owner` is a user of that municipality.
"""
from __future__ import annotations

import importlib
import pathlib
from typing import Callable

Factory = Callable[..., dict]
TENANT_OBJECTS: dict[str, Factory] = {}


def tenant_object(*endpoints: str):
    def register(factory: Factory) -> Factory:
        for endpoint in endpoints:
            TENANT_OBJECTS[endpoint] = factory
        return factory

    return register


def load_all() -> dict[str, Factory]:
    root = pathlib.Path(__file__).parent
    for path in sorted(root.glob("*/tenant_objects.py")):
        importlib.import_module(f"tests.{path.parent.name}.tenant_objects")
    return TENANT_OBJECTS
