"""Ideas from residents: submit, find, support, discuss; municipal answers with a history.

Ideas and their comments are moderated through app/moderation (registered in models.py).
"""
from flask import Blueprint

bp = Blueprint("ideas", __name__, url_prefix="/ideer")

from app.ideas import routes  # noqa: E402,F401
