"""Walk the site as a reader does: follow the links of every page reached by GET, same site
only, and check each HTML page for English message ids."""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

from tests.i18n.english import english_in, english_patterns, visible_text

#: links not to follow: log-out, files and exports, things that are not pages
SKIP = re.compile(r"/logg-ut|/filer/|eksport|export|/static/|/api/"
                  r"|\.(csv|json|zip|pdf|xlsx?|ods|ics|xml|txt|png|jpe?g|gif|svg|webp|ico)$", re.I)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href") and "download" not in attributes:
            self.hrefs.append(attributes["href"])


def page_key(href: str, base: str) -> str | None:
    """The page a link leads to, as `/path` or `/path?side=N`, or None when it is not followed."""
    url = urlsplit(urljoin(base, href))
    if url.scheme not in ("http", "https", "") or url.netloc not in ("", "localhost"):
        return None
    query = parse_qs(url.query)
    if "lang" in query or SKIP.search(url.path) or not url.path.startswith("/"):
        return None
    side = query.get("side")
    return url.path + (f"?{urlencode({'side': side[0]})}" if side else "")


@dataclass
class Walk:
    locale: str
    visited: list[str] = field(default_factory=list)
    english: dict[str, list[str]] = field(default_factory=dict)
    broken: dict[str, str] = field(default_factory=dict)


def report(walks: dict[str, Walk]) -> list[str]:
    """One line per English message found (the walks and the first pages it is on), then one per
    broken page."""
    found: dict[str, tuple[dict, dict]] = {}  # hit -> (walks, pages), as ordered sets
    broken = []
    for label, result in walks.items():
        for path, hits in result.english.items():
            for hit in hits:
                labels, pages = found.setdefault(hit, ({}, {}))
                labels[label] = pages[path] = True
        broken += [f"[{label}] {path}: {why}" for path, why in result.broken.items()]
    lines = [f"{hit} [{', '.join(labels)}] on {len(pages)} page(s): {', '.join(list(pages)[:3])}"
             + (" …" if len(pages) > 3 else "") for hit, (labels, pages) in found.items()]
    return lines + broken


def walk(client, starts, locale: str, limit: int = 150, within: str = "/") -> Walk:
    """GET `starts` and every page under `within` linked from them (breadth first, at most
    `limit` pages) and check each HTML page served in `locale` for English message ids."""
    result, patterns = Walk(locale), english_patterns(locale)
    queue, seen = deque(starts), set(starts)
    while queue and len(result.visited) < limit:
        path = queue.popleft()
        response = client.get(path)
        result.visited.append(path)
        if response.status_code >= 500:
            result.broken[path] = f"status {response.status_code}"
        if response.status_code in (301, 302, 303, 307, 308):
            links = [response.headers["Location"]]
        elif response.status_code == 200 and response.mimetype == "text/html":
            html = response.get_data(as_text=True)
            page = visible_text(html)
            if page.lang != locale:
                result.broken[path] = f"served in {page.lang!r}, not {locale!r}"
            hits = english_in(page.text, patterns)
            if hits:
                result.english[path] = hits
            parser = _Links()
            parser.feed(html)
            links = parser.hrefs
        else:
            continue
        for href in links:
            key = page_key(href, f"http://localhost{path}")
            if key and key.startswith(within) and key not in seen:
                seen.add(key)
                queue.append(key)
    return result
