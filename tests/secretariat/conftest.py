"""People of the secretariat's tests: a member with its admins, a municipality that is not a
member, and the network's secretariat."""
from __future__ import annotations

import pytest

from app.accounts.models import Role


@pytest.fixture
def member(make_municipality):
    return make_municipality("Medlemby")


@pytest.fixture
def outsider(make_municipality):
    """An imported municipality that is not a member."""
    return make_municipality("Utenfor", is_active=False)


@pytest.fixture
def people(make_user, member, outsider):
    """One account per role the matrix asks about (None: anonymous)."""
    return {
        "network_admin": make_user("sekretariat@example.no", network_admin=True),
        "member_admin": make_user("admin@medlemby.no", role=Role.admin, municipality=member),
        "inactive_admin": make_user("admin@utenfor.no", role=Role.admin, municipality=outsider),
        "moderator": make_user("moderator@medlemby.no", role=Role.moderator, municipality=member),
        "resident": make_user("innbygger@medlemby.no", role=Role.resident, municipality=member),
        "anonymous": None,
    }
