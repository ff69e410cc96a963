"""Who may use the secretariat's tools and take part in network cases. Pure predicates.

The secretariat's pages take `(user, municipality)` like every predicate `@requires` calls; on
the network's pages there is no municipality, so the second argument is ignored there.
"""
from __future__ import annotations

from app.accounts.models import Role
from app.accounts.permissions import is_network_admin, is_signed_in
from app.secretariat.models import CasePhase, NetworkCase


def runs_network(user, _municipality=None) -> bool:
    """The network's secretariat (network admins); refuses everyone else, municipal admins
    included."""
    return is_network_admin(user)


def can_act_for(user, municipality) -> bool:
    """An admin of this municipality while it is a member (active); refuses moderators,
    residents, admins of other municipalities and admins of a municipality that is not a member."""
    if not is_signed_in(user) or municipality is None or not municipality.is_active:
        return False
    return user.role_in(municipality) is Role.admin


def member_municipalities(user) -> list:
    """The member municipalities `user` may answer for, by name (empty for everyone else)."""
    if not is_signed_in(user):
        return []
    return sorted((m.municipality for m in user.memberships
                   if m.role is Role.admin and m.municipality.is_active),
                  key=lambda municipality: municipality.name)


def takes_part(user, _municipality=None) -> bool:
    """Member admins and the secretariat see the network cases; refuses everyone else."""
    return runs_network(user) or bool(member_municipalities(user))


def can_view_case(user, case: NetworkCase) -> bool:
    """The secretariat sees every case; member admins see published ones, never a draft."""
    if runs_network(user):
        return True
    return case.published_at is not None and bool(member_municipalities(user))


def can_answer(user, municipality, case: NetworkCase) -> bool:
    """An admin of a member municipality, while the case is open; refuses after closing, before
    opening, in a draft, and for a municipality the user does not administer."""
    return case.phase is CasePhase.open and can_act_for(user, municipality)


def can_edit_case(user, case: NetworkCase) -> bool:
    """The secretariat, while the case is a draft; refuses once it is published."""
    return runs_network(user) and case.published_at is None


def results_visible(case: NetworkCase) -> bool:
    """What each member answered is shown once the case has closed, to everyone who may see
    the case; while it is open only who has answered is shown (and each member its own answer),
    so no early answer sways the others."""
    return case.phase is CasePhase.closed
