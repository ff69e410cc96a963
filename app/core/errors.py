"""Error pages in the visitor's language."""
from __future__ import annotations

from flask import g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.core.extensions import db
from app.core.tenancy import municipality_for_path


class ServiceError(ValueError):
    """A service refused: the message says why, in words for the person who asked; `field`
    names the form field it concerns, when there is one. Every area's errors derive from it."""

    def __init__(self, message="", field: str | None = None):
        super().__init__(str(message))
        self.field = field


def _page(status: int, title: str, message: str):
    return render_template("errors/error.html", status=status, title=title, message=message), status


def register(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _page(400, _("The form has expired"),
                     _("The page was open too long or came from somewhere else. Go back, reload "
                       "the page and try again. Nothing was saved."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if error.code == 404 and g.get("municipality") is None:
            # No route matched: still speak the municipality's written form and show its chrome.
            g.municipality = municipality_for_path(request.path)
        messages = {
            400: (_("Bad request"), _("We could not understand the request.")),
            403: (_("No access"), _("You do not have access to this page.")),
            404: (_("Page not found"),
                  _("We could not find the page you asked for. Check the address, or start from "
                    "the front page.")),
            405: (_("Not allowed"), _("That action is not allowed here.")),
            413: (_("File too large"), _("The file you sent is too large.")),
            429: (_("Too many attempts"),
                  _("You have tried too many times in a short while. Wait a little and try again.")),
        }
        title, message = messages.get(error.code, (_("Something went wrong"), error.description))
        if request.path.startswith("/api/"):
            return jsonify(error=title, status=error.code), error.code
        return _page(error.code, title, message)

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return _page(500, _("Something went wrong"),
                     _("An error occurred on our side. It has been logged. Try again later."))
