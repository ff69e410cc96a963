"""Where the page cache keeps pages and generations: this process's memory, or Redis."""
from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict

from flask import current_app

log = logging.getLogger("app.core.cache")


class MemoryBackend:
    """Pages and generations in this process: a bounded LRU (entries and bytes of bodies)."""

    name = "memory"
    shared = False

    def __init__(self, max_entries: int, max_bytes: int):
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._lock = threading.Lock()
        self._pages: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._bytes = 0
        self._generations: dict[str, int] = {}

    def read(self, key: str, names: tuple[str, ...]):
        with self._lock:
            generations = tuple(self._generations.get(name, 0) for name in names)
            item = self._pages.get(key)
            if item is None:
                return generations, None
            if item[0] <= time.monotonic():
                self._drop(key)
                return generations, None
            self._pages.move_to_end(key)
            return generations, item[1]

    def generations(self, names: tuple[str, ...]) -> tuple[int, ...]:
        with self._lock:
            return tuple(self._generations.get(name, 0) for name in names)

    def write(self, key: str, payload: bytes, ttl: int) -> None:
        if len(payload) > self.max_bytes:
            return
        with self._lock:
            self._drop(key)
            self._pages[key] = (time.monotonic() + ttl, payload)
            self._bytes += len(payload)
            while len(self._pages) > self.max_entries or self._bytes > self.max_bytes:
                self._drop(next(iter(self._pages)))

    def read_many(self, keys: list[str]) -> list[bytes | None]:
        """Several entries at once (fragments), None where there is none."""
        now, found = time.monotonic(), []
        with self._lock:
            for key in keys:
                item = self._pages.get(key)
                if item is not None and item[0] > now:
                    self._pages.move_to_end(key)
                    found.append(item[1])
                else:
                    found.append(None)
        return found

    def write_many(self, items: dict[str, bytes], ttl: int) -> None:
        for key, payload in items.items():
            self.write(key, payload, ttl)

    def _drop(self, key: str) -> None:
        item = self._pages.pop(key, None)
        if item is not None:
            self._bytes -= len(item[1])

    def bump(self, names) -> None:
        with self._lock:
            for name in names:
                self._generations[name] = self._generations.get(name, 0) + 1

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0

    def describe(self) -> dict:
        return {"pages": len(self._pages), "bytes": self._bytes}


class RedisBackend:
    """Pages (with an expiry) and generations (INCR) in Redis, shared by every app server."""

    name = "redis"
    shared = True

    def __init__(self, url: str, prefix: str):
        import redis

        self.errors = (redis.RedisError, OSError)
        self.redis = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self.prefix = prefix

    def read(self, key: str, names: tuple[str, ...]):
        gen_keys = [f"{self.prefix}gen:{name}" for name in names]
        pipe = self.redis.pipeline(transaction=False)
        pipe.mget(gen_keys)
        pipe.get(f"{self.prefix}page:{key}")
        values, payload = pipe.execute()
        missing = [gen_key for gen_key, value in zip(gen_keys, values) if value is None]
        if missing:
            # A generation Redis does not have (new, or lost in a restart) starts from a value
            # never used before, so no page stored earlier can match it.
            pipe = self.redis.pipeline(transaction=False)
            for gen_key in missing:
                pipe.set(gen_key, time.time_ns(), nx=True)
            pipe.mget(gen_keys)
            values = pipe.execute()[-1]
            if None in values:
                return None, None
        return tuple(int(value) for value in values), payload

    def generations(self, names: tuple[str, ...]):
        """The current values of these generations (one round trip), or None."""
        return self.read("-", names)[0]

    def write(self, key: str, payload: bytes, ttl: int) -> None:
        self.redis.set(f"{self.prefix}page:{key}", payload, ex=ttl)

    def read_many(self, keys: list[str]) -> list[bytes | None]:
        """Several entries in one round trip (fragments)."""
        return self.redis.mget([f"{self.prefix}page:{key}" for key in keys]) if keys else []

    def write_many(self, items: dict[str, bytes], ttl: int) -> None:
        pipe = self.redis.pipeline(transaction=False)
        for key, payload in items.items():
            pipe.set(f"{self.prefix}page:{key}", payload, ex=ttl)
        pipe.execute()

    def bump(self, names) -> None:
        pipe = self.redis.pipeline(transaction=False)
        for name in names:
            pipe.set(f"{self.prefix}gen:{name}", time.time_ns(), nx=True)  # a lost one: anew
            pipe.incr(f"{self.prefix}gen:{name}")
        pipe.execute()

    def clear(self) -> None:
        keys = list(self.redis.scan_iter(match=f"{self.prefix}page:*", count=1000))
        if keys:
            self.redis.delete(*keys)

    def describe(self) -> dict:
        return {"reachable": bool(self.redis.ping())}


def mode(app=None) -> str:
    """"redis", "memory" or "off": `PAGE_CACHE`, where "auto" is Redis with REDIS_URL, else
    memory, and off in testing (a test turns it on)."""
    return mode_of(app or current_app, "PAGE_CACHE", off_in_testing=True)


def mode_of(app, setting: str, off_in_testing: bool) -> str:
    """The store a setting chooses: "redis", "memory" or "off"; "auto" (or unset) is Redis
    with REDIS_URL, else memory (off in testing, with `off_in_testing`)."""
    chosen = (app.config.get(setting) or "auto").lower()
    if chosen == "auto":
        if off_in_testing and app.testing:
            return "off"
        return "redis" if app.config.get("REDIS_URL") else "memory"
    return chosen if chosen in {"redis", "memory"} else "off"


def backend(app=None):
    """The app's page store for its current configuration, or None when the cache is off."""
    app = app or current_app
    return store_for(app, "page_cache", mode(app), "",
                     app.config.get("PAGE_CACHE_MAX_ENTRIES", 2000),
                     app.config.get("PAGE_CACHE_MAX_MB", 64))


def store_for(app, name: str, chosen: str, key_space: str, max_entries: int, max_mb: int):
    """The app's store `name` (the page cache's, the fragments') for `chosen` ("redis",
    "memory" or "off": None), made anew when that or REDIS_URL changes. In Redis its keys are
    `<CACHE_KEY_PREFIX><key_space>…`; in memory it is bounded by entries and megabytes."""
    if chosen == "off":
        return None
    url = app.config.get("REDIS_URL") if chosen == "redis" else None
    current = app.extensions.get(name)
    if current is None or current[0] != (chosen, url):
        if chosen == "redis":
            made = RedisBackend(url, app.config.get("CACHE_KEY_PREFIX", "tinget:") + key_space)
        else:
            made = MemoryBackend(max_entries, max_mb * 1024 * 1024)
        current = app.extensions[name] = ((chosen, url), made)
    return current[1]


def guarded(what: str, call, default=None):
    """Run a backend call; a cache that fails is a cache miss (logged), never an error page."""
    try:
        return call()
    except Exception:  # noqa: BLE001 (Redis down, a timeout: serve uncached)
        log.warning("page cache: %s failed", what, exc_info=True)
        return default
