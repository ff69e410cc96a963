"""My account: the overview, the display name, and a new e-mail address that counts only once
the link sent to it is followed (over real SMTP)."""
from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import select

from app.core.audit import AuditEvent
from tests.conftest import PASSWORD, link_in, mail_body, submit


def _path(url: str) -> str:
    return urlsplit(url).path


def _mails_to(outbox, address):
    return [message for message in outbox if message["To"] == address]


def _ask_for(client, email, password=PASSWORD):
    return submit(client, "/konto/endre-epost", {"email": email, "password": password})


def test_the_overview_shows_the_account_and_links_to_its_pages(client, auth, make_user):
    user = make_user("kari@example.no", name="Kari Nordmann")
    auth.login(user)
    html = client.get("/konto/?lang=en").get_data(as_text=True)
    for text in ("Kari Nordmann", "kari@example.no", "not verified through ID-porten",
                 'href="/konto/mine-bidrag"', 'href="/konto/mine-data"', 'href="/konto/slett"',
                 'href="/konto/folger"', 'href="/konto/endre-navn"', 'href="/konto/endre-epost"'):
        assert text in html, text


def test_the_display_name_is_changed_and_audited_without_the_names(client, db, auth, make_user):
    user = make_user(name="Kari")
    auth.login(user)
    refused = submit(client, "/konto/endre-navn?lang=en", {"display_name": "K"})
    assert refused.status_code == 200 and "2 to 80 characters" in refused.get_data(as_text=True)
    saved = submit(client, "/konto/endre-navn", {"display_name": "  Kari   Nordmann "})
    assert saved.status_code == 302
    db.session.refresh(user)
    assert user.display_name == "Kari Nordmann"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "account.name_changed"))
    assert event.actor_id == user.id and event.before is None and event.after is None


def test_an_email_change_never_confirmed_changes_nothing(client, db, auth, make_user, outbox):
    user = make_user("kari@example.no")
    auth.login(user)
    page = _ask_for(client, "Ny.Adresse@example.no")
    assert page.status_code == 200 and "ny.adresse@example.no" in page.get_data(as_text=True)
    [link_mail] = _mails_to(outbox, "ny.adresse@example.no")
    [notice] = _mails_to(outbox, "kari@example.no")
    assert "/konto/ny-epost/" in mail_body(link_mail)
    assert "ny.adresse@example.no" in mail_body(notice) and "/konto/ny-epost/" not in mail_body(notice)
    db.session.refresh(user)
    assert user.email == "kari@example.no"
    auth.logout()
    assert submit(client, "/konto/logg-inn", {"email": "ny.adresse@example.no",
                                              "password": PASSWORD}).status_code == 200
    auth.login("kari@example.no")  # still the old address


def test_the_link_moves_the_account_once(client, db, auth, make_user, outbox):
    user = make_user("kari@example.no")
    auth.login(user)
    _ask_for(client, "ny@example.no")
    link = _path(link_in(_mails_to(outbox, "ny@example.no")[0]))
    anonymous = client.application.test_client()
    assert anonymous.get(link).status_code == 302  # works without being logged in
    db.session.refresh(user)
    assert user.email == "ny@example.no" and user.is_verified
    assert "ny@example.no" in mail_body(_mails_to(outbox, "kari@example.no")[-1])  # told
    assert client.get(link).status_code == 400  # used once
    events = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.action.like("account.email%")).order_by(AuditEvent.id)).all()
    assert events == ["account.email_change_requested", "account.email_changed"]
    assert "@" not in repr(db.session.scalars(select(AuditEvent.after)).all())
    auth.logout()
    auth.login("ny@example.no")


def test_a_link_used_after_another_change_is_refused(client, db, auth, make_user, outbox):
    user = make_user("kari@example.no")
    auth.login(user)
    _ask_for(client, "forste@example.no")
    _ask_for(client, "andre@example.no")
    first = _path(link_in(_mails_to(outbox, "forste@example.no")[0]))
    second = _path(link_in(_mails_to(outbox, "andre@example.no")[0]))
    assert client.get(second).status_code == 302
    assert client.get(first).status_code == 400
    db.session.refresh(user)
    assert user.email == "andre@example.no"


def test_an_expired_link_is_refused(app, client, db, auth, make_user, outbox, monkeypatch):
    user = make_user("kari@example.no")
    auth.login(user)
    _ask_for(client, "ny@example.no")
    monkeypatch.setitem(app.config, "EMAIL_CHANGE_MAX_AGE", -1)
    assert client.get(_path(link_in(_mails_to(outbox, "ny@example.no")[0]))).status_code == 400
    db.session.refresh(user)
    assert user.email == "kari@example.no"


def test_a_taken_address_is_refused_without_telling(client, db, auth, make_user, outbox):
    make_user("opptatt@example.no")
    user = make_user("kari@example.no")
    auth.login(user)
    taken = _ask_for(client, "opptatt@example.no")
    free = _ask_for(client, "ledig@example.no")
    same = lambda response, email: response.get_data(as_text=True).replace(email, "X").split(  # noqa: E731
        "<main")[1].split("</main>")[0]
    assert taken.status_code == free.status_code == 200
    assert same(taken, "opptatt@example.no") == same(free, "ledig@example.no")
    [warning] = _mails_to(outbox, "opptatt@example.no")
    assert "/konto/ny-epost/" not in mail_body(warning) and "kari" not in mail_body(warning)
    db.session.refresh(user)
    assert user.email == "kari@example.no"


def test_a_link_to_an_address_taken_meanwhile_changes_nothing(client, db, auth, make_user, outbox):
    user = make_user("kari@example.no")
    auth.login(user)
    _ask_for(client, "ny@example.no")
    make_user("ny@example.no")
    assert client.get(_path(link_in(_mails_to(outbox, "ny@example.no")[0]))).status_code == 400
    db.session.refresh(user)
    assert user.email == "kari@example.no"


def test_a_wrong_password_or_the_same_address_is_refused(client, auth, make_user, outbox):
    user = make_user("kari@example.no")
    auth.login(user)
    wrong = submit(client, "/konto/endre-epost?lang=en", {"email": "ny@example.no",
                                                          "password": "feil-passord-123"})
    assert "The current password is wrong." in wrong.get_data(as_text=True)
    same = submit(client, "/konto/endre-epost?lang=en", {"email": "KARI@example.no",
                                                         "password": PASSWORD})
    assert "That is your e-mail address already." in same.get_data(as_text=True)
    assert outbox == []
