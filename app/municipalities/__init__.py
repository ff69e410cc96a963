from flask import Blueprint

bp = Blueprint("municipalities", __name__)

from app.municipalities import routes  # noqa: E402,F401
