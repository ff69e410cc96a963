"""Tenancy, enforced once.

Every tenant page hangs under the `tenant` blueprint (`/<municipality>/...`). Its URL value
preprocessor is the ONE place a slug becomes `g.municipality`; objects owned by a municipality
are fetched through `get_scoped_or_404`, never by bare primary key. While the page cache is on,
the row of a slug is remembered for GET and HEAD requests as long as the `shared` generation
stands (any committed change of a municipality moves it): no query for it on each page.
"""
from __future__ import annotations

import re
from typing import TypeVar

from flask import Blueprint, abort, current_app, g, has_request_context, request
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
    tag = _tenant_tag()
    remembered = _remembered().get(slug) if tag is not None else None
    if remembered is not None and remembered[0] == tag:
        # the row as it was read, attached to this request's session without a query
        return db.session.merge(remembered[1], load=False)
    municipality = db.session.scalar(
        select(_tenant).where(_tenant.slug == slug, _tenant.is_active.is_(True)))
    if municipality is not None and tag is not None:
        _remember(slug, tag, municipality)
    return municipality


def _remembered() -> dict:
    """This app's slug -> (tag, a detached copy of the municipality's row): right while the tag
    is, since every committed change of a municipality row moves the `shared` generation
    (app/core/cache; `cache.clear()` forgets them too)."""
    return current_app.extensions.setdefault("tenant_rows", {})


def _tenant_tag():
    """The `shared` generation and the clock's period (a change made outside the app is seen
    within one PAGE_CACHE_TTL), or None: for a request that is not a GET or HEAD, and when the
    page cache is off (then nothing moves the generations, and every request reads the row)."""
    from app.core.cache import _period, backend, guarded

    if not has_request_context() or request.method not in ("GET", "HEAD"):
        return None  # a form that changes things starts from the row itself
    store = backend(current_app)
    if store is None:
        return None
    generations = guarded("tenant", lambda: store.generations(("shared",)))
    return None if generations is None else (*generations, _period(current_app))


def _remember(slug: str, tag, municipality) -> None:
    from sqlalchemy import inspect
    from sqlalchemy.orm import make_transient_to_detached
    from sqlalchemy.orm.attributes import set_committed_value
    from sqlalchemy.orm.instrumentation import manager_of_class

    state = inspect(municipality)
    if state.modified or state.expired_attributes:
        return
    copy = manager_of_class(_tenant).new_instance()  # no __init__: no defaults filled in
    for prop in state.mapper.column_attrs:
        if prop.key in state.dict:
            set_committed_value(copy, prop.key, state.dict[prop.key])
    make_transient_to_detached(copy)
    remembered = _remembered()
    if len(remembered) > 10_000:
        remembered.clear()
    remembered[slug] = (tag, copy)


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
