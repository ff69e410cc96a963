"""The page cache for anonymous readers: always right, shared by every app server with Redis.

A public view marked `@cached_page` is served from the cache to a reader who is not signed in
and sends no session (or one that only remembers the language). The key is computed from the raw
request (fast.page_key: host, path, sorted query, the language Accept-Language chooses, the one
the session remembers); the entry is tagged with the *generations* read at the start of the
request and with the clock's period (`PAGE_CACHE_TTL`), and is served only while they are the
same. Most hits never reach Flask: fast.py answers them from the WSGI environ. A response that
sets a cookie, is not 200 or is private is never stored.

Generations move after each commit that changes what a public page shows (generations.py):
`m:<id>` for the rows a municipality owns (reached through a parent where a row has no
`municipality_id`), `shared` for what has no municipality (users' names, the network's cases) and
`net` for any of them. A municipality's pages read `m:<id>` and `shared`, the network's pages
`net`. With `REDIS_URL` the pages and generations live in Redis (INCR), so every server sees a
change at once; without it they live in this process, which is right for one process only.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from functools import wraps

from flask import Response, current_app, g, request, request_finished, session
from flask_login import current_user
from sqlalchemy import inspect as orm_inspect

from app.core.cache import fragments
from app.core.cache.backends import MemoryBackend, RedisBackend, guarded, backend, mode
from app.core.cache.fast import NOT_REPLAYED, install, page_key
from app.core.cache.generations import NEVER_SHOWN, listen, never_shown, owners
from app.core.clock import utcnow
from app.core.i18n import parse_accept_language

__all__ = ["cached_page", "clear", "describe", "init_app", "backend", "mode", "never_shown",
           "owners", "remembered", "MemoryBackend", "RedisBackend", "NEVER_SHOWN"]

#: the session keys an anonymous reader may carry and still be served from the cache
ANONYMOUS_SESSION_KEYS = {"lang"}
#: response headers kept with a page (the others are added again on every response)
KEPT_HEADERS = ("Content-Type", "Content-Language")


def clear(app=None) -> None:
    """Forget every stored page and remembered municipality row (the generations stay)."""
    (app or current_app).extensions.pop("tenant_rows", None)
    (app or current_app).extensions.pop("cache_remembered", None)
    store = backend(app)
    if store is not None:
        store.clear()


def describe(app=None) -> dict:
    """The cache backend, for /helse: no personal data, cheap."""
    app = app or current_app
    store = backend(app)
    if store is None:
        return {"backend": "off", "fragments": fragments.mode(app)}
    facts = {"backend": store.name, "shared_between_servers": store.shared,
             "ttl_seconds": app.config.get("PAGE_CACHE_TTL", 180)}
    if not store.shared:
        facts["note"] = "this process only: several processes or servers need REDIS_URL"
    facts.update(guarded("describe", store.describe, {"reachable": False}))
    facts["fragments"] = fragments.mode(app)
    return facts


def remembered(name: str, compute, seconds: int, names: tuple[str, ...] = ("net",)):
    """`compute()`, kept in this process for up to `seconds` (0: never kept) and computed again
    as soon as one of the generations `names` moves (while the page cache is on: then a change
    shows at once). For what costs more the more there is (the network's totals), not for what
    a page needs exact at every moment without the cache."""
    if seconds <= 0:
        return compute()
    app = current_app._get_current_object()
    store = backend(app)
    generations = guarded("remembered", lambda: store.generations(names)) if store else None
    tag = (generations, int(utcnow().timestamp()) // seconds)
    kept = app.extensions.setdefault("cache_remembered", {}).get(name)
    if kept is not None and kept[0] == tag:
        return kept[1]
    value = compute()
    app.extensions["cache_remembered"][name] = (tag, value)
    return value


# --- serving pages --------------------------------------------------------------------------

def _anonymous() -> bool:
    """A reader who is not signed in and whose session (if any) only remembers the language."""
    if current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies:
        return False
    if current_app.config.get("SESSION_COOKIE_NAME", "session") in request.cookies and \
            set(session.keys()) - ANONYMOUS_SESSION_KEYS:
        return False
    return not current_user.is_authenticated


def _key() -> str:
    """The page's key, from the same raw environ the fast path reads (fast.page_key)."""
    session_lang = None
    if current_app.config.get("SESSION_COOKIE_NAME", "session") in request.cookies:
        session_lang = session.get("lang")
    return page_key(request.environ, parse_accept_language(request.headers.get("Accept-Language")),
                    session_lang)


def _generation_names() -> tuple[str, ...]:
    municipality = g.get("municipality")
    return (f"m:{municipality.id}", "shared") if municipality is not None else ("net",)


def _period(app) -> int:
    """The clock's period: a page is never older than one, also when only time has passed
    (a deadline), and a test that moves the clock sees fresh pages."""
    return int(utcnow().timestamp()) // max(1, app.config.get("PAGE_CACHE_TTL", 180))


def _pack(tag: list, names, response: Response, etag: str, modified: int) -> bytes:
    """The entry: a JSON head line, then the body. `headers` are what a hit through Flask starts
    from; `replay` every header the whole Flask stack gave this response (the fast path's answer),
    `names` the generations the tag holds, `route` and `slug` for the fast path's log line."""
    municipality = g.get("municipality")
    head = {"tag": tag, "names": list(names), "etag": etag, "modified": modified,
            "headers": [[name, response.headers[name]] for name in KEPT_HEADERS
                        if name in response.headers],
            "replay": [[name, value] for name, value in response.headers.items()
                       if name.lower() not in NOT_REPLAYED],
            "route": getattr(request.url_rule, "rule", None),
            "slug": orm_inspect(municipality).dict.get("slug") if municipality is not None else None}
    return json.dumps(head).encode() + b"\n" + response.get_data()


def _split(payload: bytes) -> tuple[dict, bytes]:
    head, _, body = payload.partition(b"\n")
    return json.loads(head), body


def _unpack(payload: bytes, tag: list):
    head, body = _split(payload)
    if head["tag"] != tag:
        return None
    response = Response(body, status=200, headers=head["headers"])
    return _validators(response, head["etag"], head["modified"])


def _validators(response: Response, etag: str, modified: int) -> Response:
    response.set_etag(etag)
    response.last_modified = datetime.fromtimestamp(modified, timezone.utc)
    response.headers["Cache-Control"] = "no-cache"  # browsers ask again, with If-None-Match
    response.vary.update(("Cookie", "Accept-Language"))
    return response


def _teach(app) -> None:
    """Tell the fast path which municipality this path's slug is (it reads that one's
    generations), also when another server stored the page (Redis)."""
    fast = app.extensions.get("page_cache_fast")
    municipality = g.get("municipality")
    if fast is not None and municipality is not None:
        state = orm_inspect(municipality)
        fast.learn(state.dict.get("slug"), state.identity[0] if state.identity else None)


def cached_page(view):
    """Serve this public view from the page cache to anonymous readers (GET and HEAD)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        app = current_app._get_current_object()
        store = backend(app) if request.method in ("GET", "HEAD") else None
        if store is None or "lang" in request.args or not _anonymous():
            return view(*args, **kwargs)
        key, names = _key(), _generation_names()
        _teach(app)
        generations, payload = guarded("read", lambda: store.read(key, names), (None, None))
        if generations is None:
            return view(*args, **kwargs)
        tag = [*generations, _period(app)]
        hit = _unpack(payload, tag) if payload else None
        if hit is not None:
            hit.headers["X-Cache"] = "HIT"
            return hit.make_conditional(request)
        response = app.make_response(view(*args, **kwargs))
        if response.status_code == 200 and not response.is_streamed:
            etag = hashlib.sha256(response.get_data()).hexdigest()[:32]
            modified = int(utcnow().timestamp())
            _validators(response, etag, modified)
            response.headers["X-Cache"] = "MISS"
            g.page_cache_store = (store, key, tag, names, etag, modified)
        return response

    return wrapper


def _store(app, response: Response, **_extra) -> None:
    """After the response is complete (cookies included): keep it when it may be shared."""
    pending = g.pop("page_cache_store", None)
    if pending is None:
        return
    store, key, tag, names, etag, modified = pending
    cache_control = response.headers.get("Cache-Control", "")
    if response.status_code != 200 or response.headers.getlist("Set-Cookie") or \
            "no-store" in cache_control or "private" in cache_control or response.is_streamed:
        return
    payload = _pack(tag, names, response, etag, modified)
    guarded("write", lambda: store.write(key, payload, app.config.get("PAGE_CACHE_TTL", 180)))


def init_app(app) -> None:
    """Register the session events, the hook that stores pages once they are complete, and the
    fast path that answers hits before Flask (fast.py; `PAGE_CACHE_FAST=0` turns it off)."""
    listen()
    request_finished.connect(_store, app, weak=False)
    install(app)
