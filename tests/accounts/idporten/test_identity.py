"""What ID-porten's identity is used for, and what of it is kept: the pairwise `sub` only (never
the national identity number), and an ID-porten vote accepts exactly the linked accounts."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.models import User
from app.votes.models import Eligibility
from app.votes.permissions import is_eligible, is_verified_by_idporten
from app.votes.services import BallotError, cast_ballot
from tests.accounts.idporten.conftest import PID, PROVIDER_WARNINGS, signed_in
from tests.conftest import csrf_from, link_in
from tests.votes.factories import create_vote

pytestmark = PROVIDER_WARNINGS


def test_the_national_identity_number_is_stored_nowhere(db, flow, client, outbox, caplog):
    sub = flow.person("med-pid", pid=PID, name="Kari Nordmann")
    flow.log_in(sub)
    page = client.get("/konto/idporten/ny-konto").get_data(as_text=True)
    client.post("/konto/idporten/ny-konto", data={
        "csrf_token": csrf_from(page), "display_name": "Kari", "email": "kari@example.no"})
    client.get(link_in(outbox[0]).split("localhost", 1)[1])
    flow.log_in(sub)
    assert signed_in(client)
    with client.session_transaction() as session:
        assert PID not in repr(dict(session)), "nor in the session cookie"
    stored = []
    for table in db.metadata.sorted_tables:
        stored += [repr(tuple(row)) for row in db.session.execute(select(table))]
    assert any("med-pid" in row for row in stored), "the sub is the identity"
    assert not [row for row in stored if PID in row or "Nordmann" in row]
    assert not [r for r in caplog.records if PID in r.getMessage()]


def test_an_id_porten_vote_accepts_exactly_the_linked_accounts(db, make_municipality, make_user):
    town = make_municipality()
    vote = create_vote(town, eligibility=Eligibility.idporten)
    linked, unlinked = make_user(), make_user()
    linked.idporten_sub, linked.idporten_verified_at = "stemmer", linked.created_at
    db.session.commit()
    assert is_verified_by_idporten(linked) and is_eligible(linked, vote)
    assert not is_verified_by_idporten(unlinked) and not is_eligible(unlinked, vote)
    cast_ballot(vote, linked, [vote.projects[0].id])
    with pytest.raises(BallotError, match="Koble ID-porten til kontoen din"):
        cast_ballot(vote, unlinked, [vote.projects[0].id])
    db.session.rollback()
    assert is_eligible(unlinked, create_vote(town)), "an ordinary vote takes every account"


def test_a_vote_page_sends_the_voter_through_id_porten_at_the_municipalitys_level(
        db, flow, client, make_municipality):
    town = make_municipality(idporten_acr="idporten-loa-high")
    vote = create_vote(town, eligibility=Eligibility.idporten)
    vote_path = f"/{town.slug}/avstemninger/{vote.id}"
    login = client.get(f"/konto/logg-inn?next={vote_path}").get_data(as_text=True)
    start = login.split('href="/konto/idporten/logg-inn', 1)[1].split('"', 1)[0]
    sub = flow.person("velger", acr="idporten-loa-high")
    response = flow.log_in(sub, start="/konto/idporten/logg-inn" + start.replace("&amp;", "&"))
    assert response.headers["Location"] == "/konto/idporten/ny-konto", "a new resident"
    page = client.get("/konto/idporten/ny-konto").get_data(as_text=True)
    assert db.session.scalar(select(User)) is None
    done = client.post("/konto/idporten/ny-konto", data={
        "csrf_token": csrf_from(page), "display_name": "Velger", "email": "velger@example.no"})
    assert f'href="/konto/idporten/logg-inn?next={vote_path}"' in \
        done.get_data(as_text=True), "after confirming, back to the vote through ID-porten"
