"""What every view does the same way: guard a page with a permission predicate, and call one
service with "roll back on a refusal, otherwise commit and flash"."""
from __future__ import annotations

from dataclasses import dataclass
from functools import wraps
from typing import Any, Callable

from flask import abort, flash, g
from flask_login import current_user, login_required

from app.core.errors import ServiceError
from app.core.extensions import db


def requires(predicate: Callable[[Any, Any], bool]):
    """Decorator for a municipality's page: log-in required, then 403 unless
    `predicate(current_user, g.municipality)` (a pure predicate from the area's permissions.py).
    The page is private: it is sent with `Cache-Control: no-store`."""
    def decorate(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if not predicate(current_user, g.get("municipality")):
                abort(403)
            mark_private()
            return view(*args, **kwargs)
        return wrapper
    return decorate


def mark_private() -> None:
    """This response is for one member of staff: no cache, shared or local, may keep it."""
    g.private_page = True


@dataclass
class Outcome:
    """What `save` did: `ok` (committed) and the service's return value."""

    ok: bool
    value: Any = None
    error: ServiceError | None = None

    def __bool__(self) -> bool:
        return self.ok


def save(call: Callable[[], Any], *, form=None, success: str | None = None,
         category: str = "success", refused: tuple[type[Exception], ...] = ()) -> Outcome:
    """Run `call` (one service call). When the service refuses (a ServiceError, or one of
    `refused`), roll back and show why: on the form's field the error names, else on the form,
    else as a flashed message. Otherwise commit (queued mail leaves now) and flash `success`."""
    try:
        value = call()
    except (ServiceError, *refused) as error:
        db.session.rollback()
        show_error(error, form)
        return Outcome(False, error=error)
    db.session.commit()
    if success:
        flash(success, category)
    return Outcome(True, value)


def show_error(error: Exception, form=None) -> None:
    """A refusal's message on the field it names, on the form, or flashed."""
    if form is None:
        flash(str(error), "error")
        return
    name = getattr(error, "field", None)
    if name and name in form:
        form[name].errors = [*form[name].errors, str(error)]
    else:
        form.form_errors.append(str(error))
