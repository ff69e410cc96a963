"""Fragments: parts of a page rendered once and kept by what they show (an idea card in one
language), so a page the page cache cannot serve (a search, a filter, a signed-in reader, the
first reader after a change) still does not render them again.

A fragment's key is a hash of *everything it shows*: the language, the texts, the counts, the
links, whether the reader supports it, and the release (the template and the translations as
deployed). A change to any of them is another key, so a kept fragment can never show what is no
longer so and nothing has to forget it: old ones leave the LRU (memory) or expire (Redis,
`FRAGMENT_CACHE_TTL`). The caller names the values; a value it forgets to name is a stale
fragment, so each kind's tests change every shown value and look for the change.

Kept where the page cache keeps pages, in a space of their own (pages never push cards out, nor
the other way): Redis with `REDIS_URL` (every app server shares them: one MGET per page), this
process's memory otherwise. `FRAGMENT_CACHE`: "auto" (that), "redis", "memory" or "off".
A Redis that does not answer renders the fragments, never an error page.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable, Iterable, Sequence

from flask import current_app, request
from flask_babel import get_locale
from markupsafe import Markup

from app.core.cache.backends import guarded, mode_of, store_for


def mode(app=None) -> str:
    """"redis", "memory" or "off" (`FRAGMENT_CACHE`; "auto": Redis with REDIS_URL, else memory,
    in testing too: a fragment can only be right or missing)."""
    return mode_of(app or current_app, "FRAGMENT_CACHE", off_in_testing=False)


def backend(app=None):
    """The app's fragment store for its current configuration, or None when off."""
    app = app or current_app
    return store_for(app, "fragment_cache", mode(app), "fragment:",
                     app.config.get("FRAGMENT_CACHE_MAX_ENTRIES", 20000),
                     app.config.get("FRAGMENT_CACHE_MAX_MB", 32))


def clear(app=None) -> None:
    store = backend(app)
    if store is not None:
        guarded("fragments clear", store.clear)


def _release(app, templates: Sequence[str]) -> str:
    """What the deployed code shows these templates with: their source and the compiled
    catalogs (a new translation is a new release; with Redis, fragments outlive a deploy)."""
    known = app.extensions.setdefault("fragment_releases", {})
    name = ",".join(templates)
    if name not in known:
        digest = hashlib.blake2b(digest_size=8)
        for template in templates:
            source, _, _ = app.jinja_env.loader.get_source(app.jinja_env, template)
            digest.update(source.encode())
        for directory in app.extensions["babel"].translation_directories:
            root = Path(app.root_path) / directory  # an absolute directory stays itself
            for catalog in sorted(root.glob("*/LC_MESSAGES/*.mo")):
                facts = catalog.stat()
                digest.update(f"{catalog}:{facts.st_size}:{facts.st_mtime_ns}".encode())
        known[name] = digest.hexdigest()
    return known[name]


def render_many(kind: str, template: str, items: Iterable, shown: Callable[[object], tuple],
                *, item_name: str = "item", **context) -> Markup:
    """`template` rendered for each item (named `item_name` in it, beside `context`), joined;
    each kept under the hash of `shown(item)` (every value the fragment shows) with the
    language, the path prefix of the app and the release. Misses are rendered and kept."""
    app = current_app._get_current_object()
    compiled = app.jinja_env.get_template(template)
    store = backend(app)
    if store is None:
        return Markup("".join(compiled.render(**context, **{item_name: item}) for item in items))
    items = list(items)
    common = (kind, _release(app, (template,)), str(get_locale()), request.script_root)
    keys = [f"{kind}:" + hashlib.blake2b(repr((common, shown(item))).encode(),
                                         digest_size=16).hexdigest() for item in items]
    found = guarded("fragments read", lambda: store.read_many(keys), None) or [None] * len(keys)
    parts, new = [], {}
    for item, key, payload in zip(items, keys, found):
        if payload is None:
            html = compiled.render(**context, **{item_name: item})
            new[key] = html.encode()
        else:
            html = payload.decode()
        parts.append(html)
    if new:
        ttl = app.config.get("FRAGMENT_CACHE_TTL", 3600)
        guarded("fragments write", lambda: store.write_many(new, ttl))
    return Markup("".join(parts))

