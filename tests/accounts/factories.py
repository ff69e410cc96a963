"""Sign in as one of the roles the permission matrices walk through."""
from __future__ import annotations

from app.accounts.models import Role

#: who visits, in every permission matrix of the house
WHO = ("anonymous", "resident", "moderator", "admin", "admin_elsewhere", "network_admin")


def sign_in_as(who: str, municipality, *, auth, make_user, make_municipality):
    """Log `auth`'s client in as `who` with respect to `municipality`; the user, or None for
    "anonymous". "admin_elsewhere" administers another municipality; "network_admin" has no
    role in any municipality."""
    if who == "anonymous":
        return None
    if who == "admin_elsewhere":
        user = make_user(role=Role.admin, municipality=make_municipality())
    elif who == "network_admin":
        user = make_user(network_admin=True)
    else:
        user = make_user(role=Role(who), municipality=municipality)
    auth.login(user)
    return user
