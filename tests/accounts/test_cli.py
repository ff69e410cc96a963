"""`flask users create`: verified accounts with roles, clear errors on bad input."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.models import Role, User


def create(runner, *args):
    return runner.invoke(args=["users", "create", *args])


def test_creates_a_verified_admin_that_can_log_in(runner, db, client, make_municipality):
    make_municipality("Asker")
    result = create(runner, "--email", "Admin@Asker.no", "--password", "Sikkert-passord-1",
                    "--name", "Anne Admin", "--municipality", "asker", "--role", "admin")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "admin@asker.no"))
    assert user.is_verified and user.display_name == "Anne Admin"
    assert [(m.municipality.slug, m.role) for m in user.memberships] == [("asker", Role.admin)]


def test_network_admin_flag(runner, db):
    assert create(runner, "--email", "sek@smartby.no", "--password", "Sikkert-passord-1",
                  "--network-admin").exit_code == 0
    assert db.session.scalar(select(User.is_network_admin).where(User.email == "sek@smartby.no"))


@pytest.mark.parametrize("args,message", [
    (["--email", "ikke-en-adresse", "--password", "Sikkert-passord-1"], "Not an e-mail address"),
    (["--email", "a@b.no", "--password", "kort"], "at least 10 characters"),
    (["--email", "a@b.no", "--password", "Sikkert-passord-1", "--municipality", "finnes-ikke"],
     "no municipality with slug 'finnes-ikke'"),
    (["--email", "a@b.no", "--password", "Sikkert-passord-1", "--role", "admin"],
     "--role needs --municipality"),
    (["--email", "a@b.no", "--password", "Sikkert-passord-1", "--municipality", "x",
      "--role", "keiser"], "Invalid value for '--role'"),
])
def test_bad_input_exits_non_zero_with_a_clear_message(runner, db, args, message):
    result = create(runner, *args)
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(select(User)) is None


def test_taken_address_is_refused(runner, db, make_user):
    make_user("kari@example.no")
    result = create(runner, "--email", "KARI@example.no", "--password", "Sikkert-passord-1")
    assert result.exit_code == 1 and "exists already" in result.output


def test_demo_data_is_idempotent(runner, db):
    first = runner.invoke(args=["demo-data"])
    assert first.exit_code == 0, first.output
    users = db.session.scalar(select(User.id).order_by(User.id.desc()).limit(1))
    second = runner.invoke(args=["demo-data"])
    assert second.exit_code == 0, second.output
    assert db.session.scalar(select(User.id).order_by(User.id.desc()).limit(1)) == users
    assert "admin.voss@demo.tinget.no" in second.output
