"""The fast path: a cache hit answered before Flask builds a request context.

`FastPath` is a WSGI layer right around Flask (inside ProxyFix and the request-id layer, so it
sees the same environ as Flask and its answers carry the request id). For an anonymous GET or
HEAD (no session or remember cookie, no `Authorization`, no `lang` in the query) it computes the
page's key from the raw environ (`page_key`: the same function the view wrapper uses), reads the
entry and the generations its municipality's pages read in ONE backend call (memory: dict
lookups; Redis: one pipeline), and answers when the entry's generation names and tag are the
current ones. Everything else — a miss, a stale entry, a conditional request the entry cannot
answer, any doubt — goes to Flask unchanged, which renders (and stores) as before.

What it answers is what Flask answered when it stored the entry: the body, and every header the
whole Flask stack added to that response (security headers from app/core/security.py, validators,
`Vary`), minus those that belong to one response (`Date`, `Content-Length`, `X-Cache`,
`X-Request-Id`, cookies: a response that sets one is never stored).
"""
from __future__ import annotations

import hashlib
import json
import logging
import time

from werkzeug.http import http_date

#: headers of a stored response that belong to that one response, not to the page
NOT_REPLAYED = frozenset({"date", "content-length", "x-cache", "x-request-id", "set-cookie"})
#: request headers that make a request conditional: answered through werkzeug, like Flask does
CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_RANGE",
               "HTTP_IF_RANGE", "HTTP_IF_UNMODIFIED_SINCE")
#: values of `PAGE_CACHE_FAST` that turn the fast path off (hits are then answered by Flask)
OFF = {"0", "false", "off", "no"}
#: at most this many Accept-Language headers and slugs are remembered per process
REMEMBERED = 2048

request_log = logging.getLogger("app.request")


def query_parts(query: str) -> list[str]:
    """The raw query's parts, sorted by name (a stable sort: repeated names keep their order)."""
    return sorted((part for part in query.split("&") if part), key=lambda part: part.split("=", 1)[0])


def page_key(environ: dict, accepted: str | None, session_lang: str | None) -> str:
    """The key of a page: scheme, host, mount point, path, sorted query, the language the
    reader's Accept-Language chooses and the language their session remembers. With the
    generations (a municipality's settings, its default written form) this decides the page."""
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}"
    parts = [environ.get("wsgi.url_scheme"), host, environ.get("SCRIPT_NAME", ""),
             environ.get("PATH_INFO", ""), query_parts(environ.get("QUERY_STRING", "")),
             accepted, session_lang]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def first_segment(path: str) -> str:
    return path.lstrip("/").split("/", 1)[0]


class FastPath:
    """WSGI layer answering page-cache hits for anonymous readers without Flask."""

    def __init__(self, wsgi_app, app):
        self.wsgi_app, self.app = wsgi_app, app
        self.warm = False  # the process has answered through Flask once (its first-request hooks ran)
        self.slugs: dict[str, int] = {}  # slug -> municipality id, learned when pages are stored
        self.languages: dict[str, str | None] = {}  # Accept-Language header -> our language

    # --- what the view wrapper tells it --------------------------------------------------

    def learn(self, slug: str | None, municipality_id: int | None) -> None:
        if slug and municipality_id is not None and self.slugs.get(slug) != municipality_id:
            if len(self.slugs) >= REMEMBERED:
                self.slugs.clear()
            self.slugs[slug] = municipality_id

    def accepted(self, header: str) -> str | None:
        """The language this Accept-Language header chooses (app.core.i18n decides, once)."""
        try:
            return self.languages[header]
        except KeyError:
            pass
        from app.core.i18n import parse_accept_language

        with self.app.app_context():
            chosen = parse_accept_language(header)
        if len(self.languages) >= REMEMBERED:
            self.languages.clear()
        self.languages[header] = chosen
        return chosen

    # --- serving ---------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        answer = self.hit(environ) if self.warm else None
        if answer is None:
            self.warm = True
            return self.wsgi_app(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [body]

    def _anonymous(self, environ) -> bool:
        if str(self.app.config.get("PAGE_CACHE_FAST", "1")).lower() in OFF:
            return False
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in environ:
            return False
        if "lang" in environ.get("QUERY_STRING", ""):
            return False  # `?lang=` sets a cookie: Flask answers (a crude test: doubt is a miss)
        cookies = environ.get("HTTP_COOKIE")
        if cookies:
            config = self.app.config
            if config.get("SESSION_COOKIE_NAME", "session") in cookies or \
                    config.get("REMEMBER_COOKIE_NAME", "remember_token") in cookies:
                return False
        return True

    def hit(self, environ):
        """(status, headers, body) of a hit, or None to let Flask answer."""
        from app.core.cache import backends, _period, _split

        if not self._anonymous(environ):
            return None
        store = backends.backend(self.app)
        if store is None:
            return None
        started = time.perf_counter()
        key = page_key(environ, self.accepted(environ.get("HTTP_ACCEPT_LANGUAGE") or ""), None)
        path = environ.get("PATH_INFO", "")
        municipality_id = self.slugs.get(first_segment(path))
        names = (f"m:{municipality_id}", "shared") if municipality_id is not None else ("net",)
        generations, payload = backends.guarded(
            "read", lambda: store.read(key, names), (None, None))
        if not payload:
            return None
        head, body = _split(payload)
        if head.get("names") != list(names) or \
                head["tag"] != [*generations, _period(self.app)] or "replay" not in head:
            return None
        headers = [(name, value) for name, value in head["replay"]]
        headers.append(("X-Cache", "HIT"))
        if any(name in environ for name in CONDITIONAL):
            status, headers, body = self._conditional(environ, headers, body)
        else:
            headers.append(("Date", http_date()))
            headers.append(("Content-Length", str(len(body))))
            status = "200 OK"
        if environ["REQUEST_METHOD"] == "HEAD":
            body = b""
        self._log(environ, head, status, started)
        return status, headers, body

    @staticmethod
    def _conditional(environ, headers, body):
        """304 (or 412) exactly as Flask's `make_conditional` answers it."""
        from werkzeug.wrappers import Response

        response = Response(body, status=200, headers=headers)
        response.make_conditional(environ)
        headers = list(response.get_wsgi_headers(environ).items())
        return response.status, headers, b"".join(response.get_app_iter(environ))

    @staticmethod
    def _log(environ, head, status, started) -> None:
        """The request's log line, as app.core.logs writes it for a request Flask answers."""
        if not request_log.isEnabledFor(logging.INFO):
            return
        from app.core.logs import _ENVIRON_ID, _ENVIRON_START, _TOKEN_SEGMENT

        begun = environ.get(_ENVIRON_START, started)
        code = int(status.split(" ", 1)[0])
        method = environ["REQUEST_METHOD"]
        path = _TOKEN_SEGMENT.sub("…", environ.get("PATH_INFO", ""))
        fields = {"method": method, "path": path, "route": head.get("route"), "status": code,
                  "duration_ms": round((time.perf_counter() - begun) * 1000, 2),
                  "municipality": head.get("slug"), "user_id": None, "page_cache": "fast"}
        request_log.info("%s %s %s", method, path, code,
                         extra={"fields": fields, "request_id": environ.get(_ENVIRON_ID)})


def install(app) -> FastPath | None:
    """Put the fast path right around Flask's own `wsgi_app`: inside ProxyFix (it must see the
    host and scheme Flask sees) and the request-id layer (its answers carry the id). Returns the
    layer, or None when the chain holds a layer it does not know (then there is no fast path)."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    from app.core.logs import RequestIdMiddleware

    existing = app.extensions.get("page_cache_fast")
    if existing is not None:
        return existing
    holder, attribute = app, "wsgi_app"
    for _ in range(8):
        inner = getattr(holder, attribute)
        if getattr(inner, "__self__", None) is app:
            layer = FastPath(inner, app)
            setattr(holder, attribute, layer)
            app.extensions["page_cache_fast"] = layer
            return layer
        if isinstance(inner, ProxyFix):
            holder, attribute = inner, "app"
        elif isinstance(inner, RequestIdMiddleware):
            holder, attribute = inner, "wsgi_app"
        else:
            return None
    return None
