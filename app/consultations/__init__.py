"""Consultations (høringer): general ones and plan consultations under plan- og bygningsloven.

Public pages under `/<k>/horinger/`, administration under `/<k>/admin/horinger/`. A consultation's
phase (draft → scheduled → open → closed → concluded) is derived from its dates; answers
(høringssvar) are moderated before they are shown and exported for the municipality's archive.
"""
from flask import Blueprint

bp = Blueprint("consultations", __name__)

from app.consultations import admin_routes, routes  # noqa: E402,F401
