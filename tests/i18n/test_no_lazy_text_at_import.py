"""No lazy string becomes text at import time.

`str(_l("No poverty"))` or `f"{n}. {label}"` in a class body or module constant runs once, at
import, outside any request: the text is English for good. Every module under app/ is imported
and its globals and class bodies are searched (through dicts, lists, tuples, WTForms unbound
fields and validators) for a `str` holding an English message id that bokmål translates. Then
every FlaskForm is built in a bokmål request and its labels, descriptions and choices are read.
"""
from __future__ import annotations

import contextvars
import enum
import importlib
import inspect
import pkgutil
import re
import sys
import textwrap

import pytest
from flask_wtf import FlaskForm
from wtforms.fields.core import UnboundField

import app as app_package
from app.core.vocabulary import theme_choices
from tests.i18n.english import english_in, english_patterns

pytestmark = pytest.mark.usefixtures("compiled_catalogs")


def app_modules() -> list:
    modules = [app_package]
    for info in pkgutil.walk_packages(app_package.__path__, prefix="app."):
        modules.append(importlib.import_module(info.name))
    return modules


#: keys, enum values, flags: `required`, `published` are identifiers, not text shown to anyone
IDENTIFIER = re.compile(r"^[a-z0-9_.:-]*$")


def _is_dunder(name: str) -> bool:
    return (name.startswith("_") and name.endswith("_")) or name.startswith("_sa_")


def texts_in(value, where: str, seen: set, depth: int = 0):
    """Yield `(where, text)` for every str reachable from `value` through containers, unbound
    form fields and validators."""
    if depth > 12 or id(value) in seen:
        return
    if isinstance(value, str):
        if not IDENTIFIER.match(value):
            yield where, value
        return
    seen.add(id(value))
    if isinstance(value, dict):
        for key, item in value.items():  # keys are identifiers, not text
            yield from texts_in(item, f"{where}[{key!r}]", seen, depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for index, item in enumerate(value):
            yield from texts_in(item, f"{where}[{index}]", seen, depth + 1)
    elif isinstance(value, UnboundField):
        yield from texts_in(value.args, f"{where}.args", seen, depth + 1)
        yield from texts_in(value.kwargs, f"{where}.kwargs", seen, depth + 1)
    elif type(value).__module__.startswith("wtforms.validators"):
        yield from texts_in(getattr(value, "message", None), f"{where}.<{type(value).__name__}>",
                            seen, depth + 1)


def class_texts(cls, where: str, module_name: str, seen: set):
    for name, value in vars(cls).items():
        if _is_dunder(name):
            continue
        if inspect.isclass(value):
            if value.__module__ == module_name and id(value) not in seen:
                seen.add(id(value))
                yield from class_texts(value, f"{where}.{name}", module_name, seen)
        elif not isinstance(value, enum.Enum):
            yield from texts_in(value, f"{where}.{name}", seen)


def module_texts(module):
    """Every str a module's globals and its own classes hold."""
    seen: set = set()
    for name, value in vars(module).items():
        if _is_dunder(name) or inspect.ismodule(value):
            continue
        if inspect.isclass(value):
            if value.__module__ == module.__name__:
                yield from class_texts(value, f"{module.__name__}.{name}", module.__name__, seen)
        elif not isinstance(value, enum.Enum):
            yield from texts_in(value, f"{module.__name__}.{name}", seen)


def english_at_import(module) -> list[str]:
    patterns = english_patterns("nb")
    return [f"{where}: {hit}" for where, text in module_texts(module)
            for hit in english_in(text, patterns)]


# --- the check proves itself on a module written the wrong way ---------------------------

SYNTHETIC = '''
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField
from wtforms.validators import InputRequired

from app.core.vocabulary import SDGS

GOAL = str(_l("No poverty"))


class GoalsForm(FlaskForm):
    sdgs = SelectMultipleField(_l("Goals"), coerce=int,
                               choices=[(n, f"{n}. {label}") for n, label in SDGS.items()])
    title = StringField(_l("Title"), validators=[InputRequired(f"{_l('Choose a decision.')}")])
'''

CORRECT = '''
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField

from app.core.vocabulary import SDGS

LABELS = {1: _l("No poverty")}


class GoalsForm(FlaskForm):
    sdgs = SelectMultipleField(_l("Goals"), coerce=int, choices=[])
'''


def _import_source(tmp_path, name: str, source: str):
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:  # outside any app or request context, as at start-up
        return contextvars.Context().run(importlib.import_module, name)
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop(name, None)


def test_the_check_catches_text_rendered_at_import(tmp_path):
    found = "\n".join(english_at_import(_import_source(tmp_path, "lazy_wrong", SYNTHETIC)))
    assert "lazy_wrong.GOAL" in found
    assert "lazy_wrong.GoalsForm.sdgs" in found and "'No poverty'" in found
    assert "'Life on land'" in found  # every goal in the f-string choices, not just the first
    assert "lazy_wrong.GoalsForm.title" in found and "'Choose a decision.'" in found


def test_the_check_accepts_lazy_strings(tmp_path):
    assert english_at_import(_import_source(tmp_path, "lazy_right", CORRECT)) == []


def test_no_module_renders_a_lazy_string_at_import():
    problems = [problem for module in app_modules() for problem in english_at_import(module)]
    assert not problems, "English text made at import time (build it per request):\n" + \
        "\n".join(problems)


# --- forms built in a bokmål request ---------------------------------------------------

def _constructor_arguments():
    """What each form's extra constructor parameter gets, by parameter name."""
    from app.ideas.models import IdeaStatus
    from app.moderation.models import Decision
    from app.municipalities.models import Municipality
    from app.surveys.models import QuestionType

    return {
        "theme_choices": lambda: theme_choices(),
        "statuses": lambda: list(IdeaStatus),
        "decisions": lambda: list(Decision),
        "reasons": lambda: [],
        "languages": lambda: ["nb", "nn"],
        "sections": lambda: [(1, "A"), (2, "B")],
        "question_type": lambda: next(iter(QuestionType)),
        "municipality": lambda: Municipality(slug="test", name="Test", enabled_locales="nb,nn,en,se",
                                             sami_name="Test"),
    }


def form_classes() -> list[type]:
    found = {}
    for module in app_modules():
        for value in vars(module).values():
            if (inspect.isclass(value) and issubclass(value, FlaskForm) and value is not FlaskForm
                    and value.__module__ == module.__name__ and not value.__name__.startswith("_")):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


def build_form(cls, arguments):
    """The form with its required constructor arguments, CSRF off; TypeError names a missing one."""
    parameters = [p for p in inspect.signature(cls.__init__).parameters.values()
                  if p.name != "self" and p.kind is p.POSITIONAL_OR_KEYWORD and p.default is p.empty]
    missing = [p.name for p in parameters if p.name not in arguments]
    if missing:
        raise TypeError(f"{cls.__qualname__}: add {missing} to _constructor_arguments()")
    return cls(*(arguments[p.name]() for p in parameters), meta={"csrf": False})


def form_texts(form):
    for field in form:
        if str(field.label.text) != field.name.replace("_", " ").title():  # WTForms' own default
            yield f"{field.name}.label", str(field.label.text)
        if field.description:
            yield f"{field.name}.description", str(field.description)
        for index, choice in enumerate(getattr(field, "choices", None) or []):
            if isinstance(choice, (list, tuple)) and len(choice) >= 2:
                yield f"{field.name}.choices[{index}]", str(choice[1])


def test_forms_show_bokmal_choices_in_a_bokmal_request(app):
    """Lazy labels read in a bokmål request are bokmål: an English one was made at import."""
    classes = form_classes()
    assert len(classes) > 20, "the forms were not found"
    patterns = english_patterns("nb")
    problems = []
    with app.test_request_context("/?lang=nb"):
        arguments = _constructor_arguments()
        for cls in classes:
            try:
                form = build_form(cls, arguments)
            except TypeError as error:
                problems.append(str(error))
                continue
            for where, text in form_texts(form):
                problems += [f"{cls.__module__}.{cls.__qualname__}.{where}: {hit}"
                             for hit in english_in(text, patterns)]
    assert not problems, "English in forms built in a bokmål request:\n" + "\n".join(problems)
