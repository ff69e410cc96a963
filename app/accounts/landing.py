"""Where an account lands after log-in: staff on their work ("Mitt arbeid", app/work), everyone
else where they came from. Here, not in app/work, so that log-in (this area) needs no area above it;
the endpoints are named, not imported."""
from __future__ import annotations

from flask import url_for

from app.accounts.models import Role
from app.accounts.permissions import is_signed_in

STAFF_ROLES = (Role.moderator, Role.admin)


def staff_memberships(user) -> list:
    """The user's moderator and admin roles in active municipalities, by municipality name;
    none for a visitor, a deactivated account or a resident."""
    if not is_signed_in(user):
        return []
    return sorted((m for m in user.memberships
                   if m.role in STAFF_ROLES and m.municipality.is_active),
                  key=lambda m: m.municipality.name)


def landing_for(user) -> str | None:
    """Mitt arbeid for a moderator or admin of one municipality, the choice between them for
    staff of several; None for everyone else (the caller keeps its own default)."""
    memberships = staff_memberships(user)
    if not memberships:
        return None
    if len(memberships) == 1:
        return url_for("tenant.work.index", municipality=memberships[0].municipality.slug)
    return url_for("work_chooser.choose")
