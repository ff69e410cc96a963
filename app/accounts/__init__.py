"""Accounts: register, verify the e-mail address, log in, passwords, language, roles.

Pages under `/konto/` (endpoints `accounts.*`); see README.md.
"""
from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/konto")

from app.accounts import routes  # noqa: E402,F401
from app.accounts import idporten_routes  # noqa: E402,F401
