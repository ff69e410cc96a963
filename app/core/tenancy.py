"""Tenancy, enforced once.

Every tenant page hangs under the `tenant` blueprint (`/<municipality>/...`). Its URL value
preprocessor is the ONE place a slug becomes `g.municipality`; objects owned by a municipality
are fetched through `get_scoped_or_404`, never by bare primary key.
"""
from __future__ import annotations

import re
from typing import TypeVar

from flask import Blueprint, abort, g
from sqlalchemy import ForeignKey, select
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from app.core.extensions import db

#: the tenant model (Municipality), registered by its module with @tenant_model: core imports no area
_tenant = None


def tenant_model(cls):
    """Class decorator for the model whose rows are the tenants (slug, is_active)."""
    global _tenant
    _tenant = cls
    return cls


class _TenantBlueprint(Blueprint):
    """The parent of every area's blueprint. Registering the same child again (a second app in
    one process: tests, the command line) is a no-op instead of Flask's setup error."""

    def register_blueprint(self, blueprint: Blueprint, **options) -> None:
        if any(child is blueprint for child, _ in self._blueprints):
            return
        super().register_blueprint(blueprint, **options)


bp = _TenantBlueprint("tenant", __name__, url_prefix="/<municipality>")

#: first path segments that belong to the site itself and can never be a municipality slug
RESERVED_SLUGS = frozenset({
    "k", "konto", "api", "embed", "embed.js", "static", "apne-data", "admin", "nettverk",
    "personvern", "tilgjengelighet", "helse", "favicon.ico", "robots.txt", "tema", "mal", "sok", "arbeid",
    "erfaringer",
})


class TenantMixin:
    """Columns for a model owned by one municipality."""

    @declared_attr
    def municipality_id(cls) -> Mapped[int]:  # noqa: N805
        return mapped_column(
            ForeignKey("municipalities.id", ondelete="CASCADE"), index=True, nullable=False
        )


@bp.url_value_preprocessor
def _load_municipality(endpoint, values):
    slug = values.pop("municipality", None) if values else None
    municipality = _active_tenant(slug)
    if municipality is None:
        abort(404)
    g.municipality = municipality


@bp.url_defaults
def _add_municipality(endpoint, values):
    if "municipality" in values:
        value = values["municipality"]
        if isinstance(value, _tenant):
            values["municipality"] = value.slug
        return
    current = g.get("municipality")
    if current is not None:
        values["municipality"] = current.slug


#: what a slug can be (CONTRACT: lower case letters, digits and '-'); anything else is no tenant,
#: and never reaches the database (PostgreSQL refuses a NUL in a text parameter)
SLUG = re.compile(r"[a-z0-9-]{1,140}")


def _active_tenant(slug: str | None):
    if not slug or not SLUG.fullmatch(slug):
        return None
    return db.session.scalar(select(_tenant).where(_tenant.slug == slug, _tenant.is_active.is_(True)))


def municipality_for_path(path: str):
    """The active municipality a path lies under, for pages no route matched (404s)."""
    slug = path.strip("/").split("/", 1)[0]
    if slug in RESERVED_SLUGS:
        return None
    return _active_tenant(slug)


def current_municipality():
    return g.get("municipality")


M = TypeVar("M")

#: the largest id an INTEGER column holds: a larger one in a URL is a 404, not a database error
MAX_ID = 2**31 - 1


def get_scoped_or_404(model: type[M], object_id: int) -> M:
    """The object of `model` with this id in the current municipality, or 404.

    Refuses (404) an object of another municipality exactly as one that does not exist, so
    that ids of other tenants cannot be probed, and an id too large for the column.
    """
    municipality = current_municipality()
    if municipality is None or not 0 < object_id <= MAX_ID:
        abort(404)
    obj = db.session.scalar(
        select(model).where(model.id == object_id, model.municipality_id == municipality.id)
    )
    if obj is None:
        abort(404)
    return obj
