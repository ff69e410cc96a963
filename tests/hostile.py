"""Tools for the hostile-input walk (`tests/test_hostile_input.py`): the hostile values, a request
class that records which query and form arguments a view reads, and a parser for the forms on a
page (their action and the values a browser would send)."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urljoin, urlsplit

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict

#: integers a column or a converter cannot hold, or that mean nothing: 40 digits, past 32 and 64 bits
HOSTILE_INTS = ("9" * 40, "-1", "0", str(2**31), str(2**63))
#: text: emoji, right-to-left override, combining marks, NUL, CR/LF header injection, 10 kB,
#: a moderation item that does not fit an id, and an encoded header injection in a redirect target
HOSTILE_TEXT = (
    "\U0001F600\U0001F1F3\U0001F1F4", "\u202eredro\u202c \u05e9\u05dc\u05d5\u05dd",
    "e\u0301\u0308\u0327", "a\x00b", "x\r\nSet-Cookie: x=1", "/asker/\r\nSet-Cookie:x%3D1",
    "x" * 10_000, "idea:99999999999999999999999999",
)
HOSTILE = HOSTILE_INTS + HOSTILE_TEXT
#: values for a form field (None: the field is left out), one field at a time so that the rest of
#: the form stays valid
HOSTILE_FIELD = (None, *HOSTILE_INTS, "abc\U0001F600\u202e", "a\x00b\r\nc", "x" * 10_000,
                 "idea:99999999999999999999999999")

#: query arguments any view may read (besides those a view is seen to read)
COMMON_ARGS = ("side", "q", "tema", "mal", "status", "sortering", "antall", "lang", "next", "type",
               "svar", "seksjon", "o", "again")

_read: set[str] = set()


class RecordingArgs(ImmutableMultiDict):
    """Query or form arguments that note each key a view asks for."""

    def __getitem__(self, key):
        _read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        _read.add(key)
        return super().__contains__(key)

    def get(self, key, *args, **kwargs):
        _read.add(key)
        return super().get(key, *args, **kwargs)

    def getlist(self, key, *args, **kwargs):
        _read.add(key)
        return super().getlist(key, *args, **kwargs)


class RecordingRequest(Request):
    parameter_storage_class = RecordingArgs


def reading(call):
    """Run `call()` and return (its result, the argument names the request read)."""
    _read.clear()
    result = call()
    return result, set(_read)


def fill(rule, values: dict, slug: str) -> str:
    """The rule's path with `values` put in (quoted), under municipality `slug`."""
    path = rule.rule.replace("<municipality>", slug)
    for name in rule.arguments - {"municipality"}:
        value = quote(str(values[name]), safe="")
        for pattern in (f"<int:{name}>", f"<{name}>", f"<string:{name}>", f"<path:{name}>"):
            path = path.replace(pattern, value)
    return path


def with_query(path: str, pairs) -> str:
    return f"{path}?{urlencode(list(pairs))}" if pairs else path


class Form:
    def __init__(self, action: str, method: str):
        self.action, self.method = action, method
        self.fields: list[tuple[str, str]] = []
        self.radios: dict[str, str] = {}
        #: a value each choice field offers, checked or not (`idea:7` for a moderation item)
        self.candidates: dict[str, str] = {}

    def values(self) -> list[tuple[str, str]]:
        """What a browser sends (the first radio of a group when none is checked)."""
        names = {name for name, _ in self.fields}
        return self.fields + [(name, value) for name, value in self.radios.items() if name not in names]


class Forms(HTMLParser):
    """The forms of a page: action (absolute path), method and the values they would send."""

    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            action = urlsplit(urljoin("http://localhost" + self.page_url, a.get("action") or self.page_url))
            self._form = Form(action.path, a.get("method", "get").upper())
            self.forms.append(self._form)
            return
        form, name = self._form, a.get("name")
        if form is not None and tag == "option" and self._select:
            value = a.get("value", "")
            form.candidates.setdefault(self._select, value)
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                form.fields.append((self._select, value))
                self._first_option = ""
            return
        if form is None or not name:
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                form.candidates.setdefault(name, a.get("value", "on"))
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
                elif kind == "radio":
                    form.radios.setdefault(name, a.get("value", "on"))
            elif kind not in ("file", "submit", "image", "reset", "button"):
                form.fields.append((name, a.get("value", "")))
        elif tag == "button" and a.get("value") and name not in dict(form.fields):
            form.fields.append((name, a["value"]))
        elif tag == "select":
            self._select, self._first_option = name, None
        elif tag == "textarea":
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select and self._form is not None:
            if self._first_option:
                self._form.fields.append((self._select, self._first_option))
            self._select = None
        elif tag == "textarea" and self._textarea and self._form is not None:
            self._form.fields.append((self._textarea, self._text))
            self._textarea = None


def swollen(value: str) -> str | None:
    """`value` with each run of digits made 40 digits long (`idea:7` -> `idea:999…`), or None
    when it has no digits."""
    return re.sub(r"\d+", "9" * 40, value) if re.search(r"\d", value) else None


def forms_on(html: str, page_url: str) -> list[Form]:
    parser = Forms(page_url)
    parser.feed(html)
    return parser.forms
