"""Residents' text to safe HTML: plain text with paragraphs and links, or a Markdown subset.

Markdown renders the text, bare web addresses become links, and nh3 keeps only a short list of
tags and attributes (no images, no headings, no scripts, no styles; links get rel=nofollow ugc).
"""
from __future__ import annotations

import re
import threading

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
_BARE_URL = re.compile(r"(?<![(<\[\"'=])\bhttps?://[^\s<>()\[\]\"']+[^\s<>()\[\]\"'.,;:!?]")


def _autolink(text: str) -> str:
    return _BARE_URL.sub(lambda m: f"<{m.group(0)}>", text)


_local = threading.local()


def _converter() -> markdown.Markdown:
    """One Markdown converter per thread (building one costs more than converting)."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown.Markdown(extensions=["nl2br", "sane_lists"],
                                                         output_format="html")
    return converter


def render(text: str) -> str:
    """Sanitised HTML for `text`; never contains markup outside ALLOWED_TAGS."""
    html = _converter().reset().convert(_autolink(text or ""))
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel="nofollow ugc noopener noreferrer")
