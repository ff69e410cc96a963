"""Public pages: a municipality's published experiences and one experience."""
from __future__ import annotations

from flask import abort, g, render_template

from app.core.pagination import page_number
from app.core.tenancy import get_scoped_or_404
from app.experiences import bp, queries
from app.experiences.models import Experience
from app.experiences.permissions import is_public


@bp.public("/")
def index():
    page = queries.find_published(queries.ExperienceFilters(), page_number(),
                                  municipality=g.municipality)
    return render_template("experiences/index.html", page=page)


@bp.public("/<int:experience_id>")
def detail(experience_id: int):
    experience = get_scoped_or_404(Experience, experience_id)
    if not is_public(experience):
        abort(404)
    return render_template("experiences/detail.html", experience=experience,
                           item=queries.ref_about(experience, g.municipality))
