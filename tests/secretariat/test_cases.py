"""Network cases: the secretariat creates and publishes one; each member municipality casts one
answer or one ballot through one of its admins; results per member equal the rows."""
from __future__ import annotations

import re

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from app.accounts.models import Membership, Role
from app.core.audit import AuditEvent
from app.core.extensions import db
from app.secretariat import services
from app.secretariat.models import CaseKind, NetworkCase, NetworkCaseOption, NetworkCaseResponse
from app.secretariat.services import SecretariatError
from tests.conftest import csrf_from, submit
from tests.secretariat.factories import close, create_case, create_response


def responses() -> list[NetworkCaseResponse]:
    return list(db.session.scalars(select(NetworkCaseResponse)))


def cast(client, case, municipality, **fields):
    """POST the answer form of `municipality` on the case page, as the browser would."""
    token = csrf_from(client.get("/konto/").get_data(as_text=True))
    data = {"csrf_token": token, f"m{municipality.id}-confirm": "y"}
    data.update({f"m{municipality.id}-{name}": value for name, value in fields.items()})
    return client.post(f"/nettverk/saker/{case.id}/svar/{municipality.id}?lang=en", data=data,
                       follow_redirects=True)


CASE_FORM = {"kind": "vote", "title_nb": "Felles datakatalog", "title_nn": "Felles datakatalog",
             "body_nb": "Skal vi?", "options_nb": "Ja\nNei\n", "options_nn": "Ja\nNei",
             "opens_at": "2026-01-05T09:00", "closes_at": "2099-02-01T12:00"}


def test_the_secretariat_creates_publishes_and_members_answer(client, auth, people, member):
    auth.login(people["network_admin"])
    response = submit(client, "/nettverk/saker/ny", CASE_FORM)
    assert response.status_code == 302
    case = db.session.scalar(select(NetworkCase))
    assert case.kind is CaseKind.vote and case.published_at is None
    assert [(o.label_nb, o.label_nn) for o in case.options] == [("Ja", "Ja"), ("Nei", "Nei")]
    assert case.opens_at.hour == 8, "09:00 in Oslo in January is 08:00 UTC"
    submit(client, f"/nettverk/saker/{case.id}/endre", {**CASE_FORM, "options_nb": "A\nB\nC",
                                                         "options_nn": ""})
    db.session.refresh(case)
    assert [o.label_nb for o in case.options] == ["A", "B", "C"]
    submit(client, f"/nettverk/saker/{case.id}/publiser", {},
           form_url=f"/nettverk/saker/{case.id}")
    db.session.refresh(case)
    assert case.published_at is not None
    assert client.get(f"/nettverk/saker/{case.id}/endre").status_code == 403
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "networkcase").order_by(AuditEvent.id)).all()
    assert actions == ["network_case.created", "network_case.changed", "network_case.published"]

    auth.logout()
    admin = people["member_admin"]
    auth.login(admin)
    listing = client.get("/nettverk/saker/?lang=en").get_data(as_text=True)
    assert "Felles datakatalog" in listing and "Medlemby has not answered yet" in listing
    html = cast(client, case, member, option=str(case.options[1].id)).get_data(as_text=True)
    assert "The answer of Medlemby is registered." in html
    [row] = responses()
    assert (row.municipality_id, row.option_id, row.cast_by_id) == (member.id, case.options[1].id,
                                                                    admin.id)
    assert "Answered by" in html


@pytest.mark.parametrize("same_person", [True, False], ids=["same admin", "another admin"])
def test_one_ballot_per_member(same_person, client, auth, people, member, make_user):
    case = create_case("vote", "open")
    first = people["member_admin"]
    auth.login(first)
    cast(client, case, member, option=str(case.options[0].id))
    if not same_person:
        auth.logout()
        auth.login(make_user("annen.admin@medlemby.no", role=Role.admin, municipality=member))
    html = cast(client, case, member, option=str(case.options[1].id)).get_data(as_text=True)
    assert [(r.municipality_id, r.option_id, r.cast_by_id) for r in responses()] == [
        (member.id, case.options[0].id, first.id)]
    # the form is no longer offered: the page shows the member's answer instead
    assert f'action="/nettverk/saker/{case.id}/svar/{member.id}"' not in html
    assert "Answered by" in html


def test_a_racing_second_answer_is_refused_by_the_database(app, people, member):
    """Two requests that both passed every check: the unique (case, municipality) decides."""
    case = create_case("consultation", "open")
    admin = people["member_admin"]
    with app.test_request_context("/?lang=en"):
        services.answer_case(case, admin, member, text="Vi stiller oss bak forslaget.")
        with pytest.raises(SecretariatError, match="Medlemby has already answered"):
            services.answer_case(case, admin, member, text="Vi har ombestemt oss.")
        db.session.commit()
    assert [r.text for r in responses()] == ["Vi stiller oss bak forslaget."]


def test_an_admin_of_two_members_answers_for_each(client, auth, people, member, make_municipality):
    other = make_municipality("Nabokommune")
    admin = people["member_admin"]
    db.session.add(Membership(user_id=admin.id, municipality_id=other.id, role=Role.admin))
    db.session.commit()
    case = create_case("consultation", "open")
    auth.login(admin)
    page = client.get(f"/nettverk/saker/{case.id}").get_data(as_text=True)
    assert f"/svar/{member.id}" in page and f"/svar/{other.id}" in page
    cast(client, case, member, text="Medlemby sier ja.")
    cast(client, case, other, text="Nabokommune sier nei.")
    assert sorted((r.municipality_id, r.text) for r in responses()) == sorted(
        [(member.id, "Medlemby sier ja."), (other.id, "Nabokommune sier nei.")])


def test_an_answer_needs_content_and_confirmation(client, auth, people, member):
    case = create_case("consultation", "open")
    auth.login(people["member_admin"])
    token = csrf_from(client.get("/konto/").get_data(as_text=True))
    url = f"/nettverk/saker/{case.id}/svar/{member.id}?lang=en"
    empty = client.post(url, data={"csrf_token": token, f"m{member.id}-confirm": "y"})
    assert empty.status_code == 200 and "Write the municipality&#39;s answer." in empty.get_data(as_text=True)
    unconfirmed = client.post(url, data={"csrf_token": token, f"m{member.id}-text": "Ja."})
    assert "Confirm that you answer on behalf of the municipality." in unconfirmed.get_data(as_text=True)
    vote = create_case("vote", "open")
    foreign = create_case("vote", "open")
    wrong = client.post(f"/nettverk/saker/{vote.id}/svar/{member.id}?lang=en", data={
        "csrf_token": token, f"m{member.id}-confirm": "y",
        f"m{member.id}-option": str(foreign.options[0].id)})
    assert "Choose one of the options." in wrong.get_data(as_text=True)
    assert responses() == []


def test_results_per_member_equal_the_rows(client, auth, people, member, make_municipality,
                                           make_user):
    case = create_case("vote", "open")
    yes, no, unsure = case.options
    towns = [member] + [make_municipality(name) for name in ("Alfa", "Beta", "Gamma", "Delta")]
    silent = make_municipality("Stille")
    choices = {member: yes, towns[1]: no, towns[2]: yes, towns[3]: yes, towns[4]: unsure}
    for town, option in choices.items():
        create_response(case, town, make_user(role=Role.admin, municipality=town), option=option)
    auth.login(people["network_admin"])
    progress = client.get(f"/nettverk/saker/{case.id}?lang=en").get_data(as_text=True)
    assert "5 of 6 members have answered." in progress
    assert "Stille" in progress.split("Not answered yet")[1]
    assert "Votes per option" not in progress, "no totals while the case is open"
    close(case)
    page = client.get(f"/nettverk/saker/{case.id}?lang=en").get_data(as_text=True)
    totals = dict(re.findall(r'<th scope="row" lang="nb">([^<]+)</th><td class="num">(\d+)</td>',
                             page))
    rows = db.session.execute(select(NetworkCaseOption.label_nb, func.count()).join(
        NetworkCaseResponse, NetworkCaseResponse.option_id == NetworkCaseOption.id).group_by(
        NetworkCaseOption.label_nb)).all()
    assert totals == {label: str(count) for label, count in rows} | {"Vet ikke": "1"}
    per_member = dict(re.findall(r'<th scope="row">([^<]+)</th>\s*<td class="answer-text">([^<]+)</td>',
                                 page))
    assert per_member == {town.display_name: option.label_nb for town, option in choices.items()}
    assert "Stille" in page.split("Not answered")[1]
    # a member admin sees the same results once closed
    auth.logout()
    auth.login(people["member_admin"])
    member_view = client.get(f"/nettverk/saker/{case.id}?lang=en").get_data(as_text=True)
    assert "Answers per member" in member_view and "Beta" in member_view
    assert silent.display_name in member_view


def test_while_open_a_member_sees_only_its_own_answer(client, auth, people, member,
                                                      make_municipality, make_user):
    case = create_case("consultation", "open")
    other = make_municipality("Annenby")
    create_response(case, other, make_user(role=Role.admin, municipality=other),
                    text="Hemmelig til fristen.")
    auth.login(people["member_admin"])
    page = client.get(f"/nettverk/saker/{case.id}?lang=en").get_data(as_text=True)
    assert "Hemmelig til fristen." not in page and "Annenby" not in page
    auth.logout()
    auth.login(people["network_admin"])
    progress = client.get(f"/nettverk/saker/{case.id}?lang=en").get_data(as_text=True)
    assert "Annenby" in progress and "Hemmelig til fristen." not in progress


@pytest.mark.parametrize("change, message", [
    ({"options_nb": "Bare ett", "options_nn": ""}, "A vote needs from 2 to 12 options"),
    ({"options_nn": "Ja"}, "Write as many options in nynorsk as in bokmål"),
    ({"closes_at": "2026-01-01T09:00"}, "The case must close after it opens."),
    ({"title_nb": "", "title_nn": ""}, "Give the case a title in bokmål or nynorsk."),
])
def test_a_bad_case_is_refused_and_nothing_is_written(change, message, client, auth, people):
    auth.login(people["network_admin"])
    response = submit(client, "/nettverk/saker/ny?lang=en", {**CASE_FORM, **change},
                      form_url="/nettverk/saker/ny?lang=en")
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(NetworkCase)) == 0
    assert db.session.scalar(select(func.count()).select_from(NetworkCaseOption)) == 0


def test_a_deactivated_member_keeps_its_answer_but_cannot_answer_more(app, people, member):
    case, later = create_case("consultation", "open"), create_case("consultation", "open")
    admin = people["member_admin"]
    with app.test_request_context("/?lang=en"), force_locale("en"):
        services.answer_case(case, admin, member, text="Ja.")
        services.set_membership(member, people["network_admin"], False)
        db.session.commit()
        with pytest.raises(SecretariatError):
            services.answer_case(later, admin, member, text="Nei.")
    assert [(r.case_id, r.text) for r in responses()] == [(case.id, "Ja.")]


def test_open_cases_waiting_for_a_member(app, people, member, make_municipality):
    """What a link on the municipality's admin page can count: open cases it has not answered."""
    from app.secretariat.queries import open_case_count
    other = make_municipality("Annenby")
    first = create_case("vote", "open")
    for kind, phase in (("consultation", "open"), ("vote", "closed"), ("vote", "draft")):
        create_case(kind, phase)
    create_response(first, member, people["member_admin"], option=first.options[0])
    with app.test_request_context():
        assert open_case_count([member]) == 1
        assert open_case_count([other]) == 2
        assert open_case_count([member, other]) == 2
        assert open_case_count([]) == 0
