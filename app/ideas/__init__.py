"""Ideas from residents: submit, find, support, discuss; municipal answers with a history.

See README.md. Ideas and their comments are moderated through app/moderation (registered in
moderated.py, imported here so that any import of the area registers them).
"""
from flask import Blueprint

bp = Blueprint("ideas", __name__, url_prefix="/ideer")

# The views and the moderation registration need `bp` and the whole area: imported last.
from app.ideas import admin_routes, moderated, routes  # noqa: E402,F401
