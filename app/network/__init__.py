"""The Smartbyene network: the front page (what is open for input in every member municipality,
the members, the themes), short links by kommunenummer, and the network's own privacy and
accessibility pages. It sits on top of the other areas and only reads them; see README.md.
"""
from flask import Blueprint

bp = Blueprint("network", __name__)

from app.network import routes  # noqa: E402,F401
