"""Reports that hide an item: only accounts that take part in the municipality and are old
enough count; reports are rate-limited per account; moderators see who reported and discount a
reporter (finding 6 of the Hardening issue). Also: a bulk decision on ids beyond the INTEGER
range (finding 5)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.audit import AuditEvent
from app.ideas.models import Idea
from app.moderation import queries, services
from app.moderation.models import DiscountedReporter, ModerationState, ReportReason
from tests.conftest import csrf_from, submit
from tests.moderation.factories import age_account

PUBLISHED, HIDDEN = ModerationState.published, ModerationState.hidden


@pytest.fixture
def asker(make_municipality, make_user, make_idea):
    """Asker with a moderator and a resident's published idea, and a neighbour, Bærum."""
    municipality = make_municipality("Asker")
    moderator = make_user(role="moderator", municipality=municipality, name="Mona Moderator")
    author = make_user(role="resident", municipality=municipality)
    idea = make_idea(municipality, author, state=PUBLISHED)
    return municipality, moderator, idea, make_municipality("Bærum")


def residents(make_user, municipality, n=3, *, days=2, prefix="Melder"):
    return [age_account(make_user(role="resident", municipality=municipality,
                                  name=f"{prefix} {i}"), days) for i in range(n)]


def report_on_the_web(client, auth, user, idea, reason="offensive"):
    auth.login(user)
    response = submit(client, f"/asker/moderering/meld/idea/{idea.id}", {"reason": reason})
    auth.logout()
    return response


def state(db, idea):
    db.session.expire_all()
    return db.session.get(Idea, idea.id).moderation_state


def test_reports_by_accounts_of_other_municipalities_do_not_hide_the_item(
        client, auth, db, asker, make_user):
    municipality, moderator, idea, baerum = asker
    for outsider in residents(make_user, baerum, prefix="Utenfra"):
        assert report_on_the_web(client, auth, outsider, idea).status_code == 302
    assert state(db, idea) is PUBLISHED  # the abuse from the issue: three outsiders hid it
    counted = [e.after["counts"] for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "moderation.reported"))]
    assert counted == [False, False, False]
    for resident in residents(make_user, municipality):
        report_on_the_web(client, auth, resident, idea)
    assert state(db, idea) is HIDDEN  # three residents of Asker, old enough, do
    assert len(queries.open_reports(db.session.get(Idea, idea.id))) == 6  # all recorded


def test_moderators_see_who_reported_how_old_the_account_was_and_whether_it_counted(
        client, auth, db, asker, make_user):
    municipality, moderator, idea, baerum = asker
    outsider = residents(make_user, baerum, 1, prefix="Utenfra")[0]
    newcomer = make_user(role="resident", municipality=municipality, name="Ny Konto")
    resident = residents(make_user, municipality, 1, days=40)[0]
    for user in (outsider, newcomer, resident):
        report_on_the_web(client, auth, user, idea)
    auth.login(moderator)
    html = client.get(f"/asker/moderering/idea/{idea.id}?lang=en").get_data(as_text=True)
    table = html[html.index('class="ds-table reporters"'):]
    for name in ("Utenfra 0", "Ny Konto", "Melder 0"):
        assert name in table
    assert "The reporter belongs to other municipalities, not this one." in table
    assert "The account was too new when it reported." in table
    assert "1 month" in table and "Yes" in table
    assert "1 of these reports counts towards hiding the item (it is hidden at 3)" in html


def test_reports_by_new_accounts_do_not_count_until_the_configured_age(
        app, client, auth, db, asker, make_user, monkeypatch):
    municipality, moderator, idea, _ = asker
    fresh = residents(make_user, municipality, days=0.5)  # twelve hours old
    for user in fresh[:2]:
        report_on_the_web(client, auth, user, idea)
    weighed = queries.weigh_reports(queries.open_reports(idea), municipality)
    assert [e.not_counted for e in weighed] == ["new", "new"]
    monkeypatch.setitem(app.config, "REPORT_MIN_ACCOUNT_AGE", 6 * 60 * 60)  # six hours
    report_on_the_web(client, auth, fresh[2], idea)
    assert state(db, idea) is HIDDEN


def test_accounts_without_a_role_blocked_or_deactivated_do_not_count(db, asker, make_user,
                                                                   make_block):
    municipality, moderator, idea, _ = asker
    nowhere = age_account(make_user(name="Uten rolle"))
    blocked, deactivated, counted = residents(make_user, municipality)
    services.update_settings(municipality, moderator, report_threshold=10, reasons=["Spam"])
    for user in (nowhere, blocked, deactivated, counted):
        services.report_item(idea, user, municipality, ReportReason.spam)
    db.session.commit()
    make_block(blocked, moderator, municipality)
    deactivated.active = False
    db.session.commit()
    weighed = queries.weigh_reports(queries.open_reports(idea), municipality)
    assert [e.not_counted for e in weighed] == [None, "blocked", "inactive", None], \
        "an account with no role anywhere (registered on the web) counts; blocked and inactive do not"
    assert queries.counted_reports(idea, municipality) == 2


def test_reports_are_rate_limited_per_account(app, client, auth, db, asker, make_user, make_idea,
                                              monkeypatch):
    municipality, moderator, idea, _ = asker
    monkeypatch.setitem(app.config, "REPORT_RATE_LIMIT", "2 per hour")
    author = make_user(role="resident", municipality=municipality)
    ideas = [make_idea(municipality, author, state=PUBLISHED) for _ in range(3)]
    reporter, other = residents(make_user, municipality, 2)
    auth.login(reporter)
    codes = [submit(client, f"/asker/moderering/meld/idea/{item.id}",
                    {"reason": "spam"}).status_code for item in ideas]
    assert codes == [302, 302, 429]
    auth.logout()
    auth.login(other)  # the limit is the account's, not the address's
    assert submit(client, f"/asker/moderering/meld/idea/{ideas[2].id}",
                  {"reason": "spam"}).status_code == 302


def test_a_discounted_reporter_no_longer_counts_and_it_can_be_undone(
        client, auth, db, asker, make_user):
    municipality, moderator, idea, _ = asker
    first, second, third, fourth = residents(make_user, municipality, 4)
    for user in (first, second):
        report_on_the_web(client, auth, user, idea)
    auth.login(moderator)
    item_url = f"/asker/moderering/idea/{idea.id}"
    response = submit(client, f"/asker/moderering/meldere/{first.id}/se-bort-fra",
                      {"item": f"idea:{idea.id}", "reason": "Melder alt"}, form_url=item_url)
    assert response.headers["Location"].endswith(item_url)
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "moderation.reporter_discounted"))
    assert (event.actor_id, event.after, event.reason) == (moderator.id, {"user_id": first.id},
                                                           "Melder alt")
    assert "A moderator has discounted this reporter." in client.get(
        item_url + "?lang=en").get_data(as_text=True)
    auth.logout()
    report_on_the_web(client, auth, third, idea)
    assert state(db, idea) is PUBLISHED  # 2 of 3 open reports count
    auth.login(moderator)
    blocks = client.get("/asker/moderering/blokkerte?lang=en").get_data(as_text=True)
    assert "Discounted reporters" in blocks and "Melder 0" in blocks and "Melder alt" in blocks
    response = client.post(f"/asker/moderering/meldere/{first.id}/tell-med",
                           data={"csrf_token": csrf_from(blocks)})
    assert response.headers["Location"].endswith("/asker/moderering/blokkerte")
    assert db.session.scalars(select(DiscountedReporter)).all() == []
    assert db.session.scalar(select(AuditEvent.before).where(
        AuditEvent.action == "moderation.reporter_counted_again")) == {"user_id": first.id}
    auth.logout()
    report_on_the_web(client, auth, fourth, idea)
    assert state(db, idea) is HIDDEN  # the threshold is reached again, with four that count


def test_discounting_is_per_municipality_and_refused_twice(db, asker, make_user, make_idea):
    municipality, moderator, idea, baerum = asker
    reporter = residents(make_user, municipality, 1)[0]
    services.report_item(idea, reporter, municipality, ReportReason.spam)
    services.discount_reporter(reporter, moderator, municipality)
    with pytest.raises(services.ModerationError):
        services.discount_reporter(reporter, moderator, municipality)
    with pytest.raises(services.ModerationError):  # a moderator of Asker, not of Bærum
        services.discount_reporter(reporter, moderator, baerum)
    assert queries.discount_of(reporter.id, baerum) is None


def test_only_reporters_of_this_municipality_can_be_discounted(client, auth, db, asker,
                                                               make_user):
    municipality, moderator, idea, _ = asker
    stranger = residents(make_user, municipality, 1)[0]  # never reported anything
    auth.login(moderator)
    token = csrf_from(client.get("/konto/").get_data(as_text=True))
    for user_id in (stranger.id, 10**30):
        for action in ("se-bort-fra", "tell-med"):
            response = client.post(f"/asker/moderering/meldere/{user_id}/{action}",
                                   data={"csrf_token": token})
            assert response.status_code == 404, (user_id, action)


@pytest.mark.parametrize("ref", ["idea:99999999999999999999999999", "idea:2147483648",
                                 "idea:²", "idea:" + "9" * 5000, "idea:-1"])
def test_bulk_decisions_on_ids_out_of_range_find_nothing(client, auth, db, asker, ref):
    municipality, moderator, idea, _ = asker
    auth.login(moderator)
    response = submit(client, "/asker/moderering/handling",
                      {"items": [ref, f"idea:{idea.id}"], "decision": "hide",
                       "note": "Hets"}, form_url="/konto/")
    assert response.status_code == 302
    assert state(db, idea) is HIDDEN  # the good reference in the same request is decided
