"""Who may read the open data: everyone, signed in or not, for every active municipality (the
pages and files are public); an inactive municipality has none. role x state, one test per cell."""
from __future__ import annotations

import pytest

from app.opendata.datasets import DATASETS
from tests.accounts.factories import WHO, sign_in_as

PATHS = ["/asker/apne-data/", *(f"/asker/apne-data/{k}.{fmt}" for k in DATASETS
                                for fmt in ("csv", "json")),
         *(f"/asker/apne-data/{k}/README.md" for k in DATASETS)]
NETWORK = ["/apne-data/", "/apne-data/katalog.ttl", "/apne-data/katalog.jsonld",
           *(f"/apne-data/{k}.csv" for k in DATASETS)]


@pytest.mark.parametrize("state", ["active", "inactive"])
@pytest.mark.parametrize("who", WHO)
def test_who_may_read_a_municipalitys_open_data(client, auth, make_user, make_municipality, who,
                                               state):
    asker = make_municipality("Asker", is_active=state == "active")
    sign_in_as(who, asker, auth=auth, make_user=make_user, make_municipality=make_municipality)
    expected = 200 if state == "active" else 404
    assert {path: client.get(path).status_code for path in PATHS} == dict.fromkeys(PATHS, expected)
    assert {path: client.get(path).status_code for path in NETWORK} == dict.fromkeys(NETWORK, 200)


@pytest.mark.parametrize("who", WHO)
def test_the_files_are_the_same_for_everyone(client, auth, make_user, make_municipality, who):
    asker = make_municipality("Asker")
    anonymous = client.get("/asker/apne-data/ideer.csv").get_data()
    sign_in_as(who, asker, auth=auth, make_user=make_user, make_municipality=make_municipality)
    response = client.get("/asker/apne-data/ideer.csv")
    assert response.get_data() == anonymous
    assert "public" in response.headers["Cache-Control"]


def test_an_inactive_municipality_is_not_in_the_network_files(client, make_municipality):
    from tests.opendata import factories as f

    sleeping = make_municipality("Sovende", number="4999", is_active=False)
    f.ideas(sleeping, 5)
    assert "4999" not in client.get("/apne-data/ideer.csv").get_data(as_text=True)
