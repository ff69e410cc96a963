"""Uploaded files (images and documents): checked by content, re-encoded, served safely."""
from flask import Blueprint

bp = Blueprint("files", __name__, url_prefix="/filer")

from app.files import routes  # noqa: E402,F401
