"""Tenancy is enforced once: every tenant route refuses another municipality's objects."""
from __future__ import annotations

import pytest

from app.accounts.models import Role
from tests.conftest import csrf_from
from tests.tenant_objects import load_all

FACTORIES = load_all()


def tenant_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("tenant.") and set(rule.arguments) - {"municipality"}:
            yield rule


def _url(rule, slug: str, values: dict) -> str:
    path = rule.rule.replace("<municipality>", slug)
    for name in rule.arguments - {"municipality"}:
        path = path.replace(f"<int:{name}>", str(values[name])).replace(f"<{name}>", str(values[name]))
        path = path.replace(f"<string:{name}>", str(values[name]))
    return path


def test_every_tenant_route_with_an_object_is_registered(app):
    missing = [rule.endpoint for rule in tenant_rules(app) if rule.endpoint not in FACTORIES]
    assert not missing, f"register a factory in tests/<area>/tenant_objects.py for: {missing}"


def test_tenant_routes_refuse_objects_of_another_municipality(app, client, db, auth,
                                                              make_municipality, make_user):
    home = make_municipality("Hjemby")
    other = make_municipality("Naboby")
    admin = make_user(role=Role.admin, municipality=home)
    other_owner = make_user(role=Role.admin, municipality=other)
    auth.login(admin)
    token = csrf_from(client.get("/konto/").get_data(as_text=True))
    checked = 0
    for rule in tenant_rules(app):
        values = FACTORIES[rule.endpoint](other, other_owner)
        url = _url(rule, home.slug, values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, data={"csrf_token": token})
            assert response.status_code == 404, f"{method} {url} ({rule.endpoint}) gave " \
                                                 f"{response.status_code}, not 404"
            checked += 1
        # The same object is found under its own municipality (the test is not vacuous).
        response = client.get(_url(rule, other.slug, values)) if "GET" in rule.methods else None
        if response is not None:
            assert response.status_code != 404 or rule.endpoint.endswith(("download", "file")), \
                f"GET {rule.endpoint} under its own municipality gave 404"
    assert checked == sum(len(r.methods - {"HEAD", "OPTIONS"}) for r in tenant_rules(app))


@pytest.mark.parametrize("path", ["/finnes-ikke/", "/finnes-ikke/admin/"])
def test_unknown_municipality_is_a_404_page_in_the_visitors_language(client, path):
    response = client.get(path, headers={"Accept-Language": "nn-NO,nn;q=0.9"})
    assert response.status_code == 404
    assert '<html lang="nn"' in response.get_data(as_text=True)


def test_inactive_municipality_has_no_pages(client, make_municipality):
    make_municipality("Sovende", is_active=False)
    assert client.get("/sovende/").status_code == 404


def test_kommunenummer_redirects_to_the_home_page(client, make_municipality):
    make_municipality("Voss", number="4621", malform=__import__("app.municipalities.models",
                                                                fromlist=["Malform"]).Malform.nynorsk)
    response = client.get("/k/4621")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/voss/")
    assert client.get("/k/9999").status_code == 404


def test_url_defaults_keep_the_slug(app, make_municipality):
    municipality = make_municipality("Asker")
    with app.test_request_context("/asker/"):
        from flask import g, url_for

        g.municipality = municipality
        assert url_for("tenant.municipalities.admin") == "/asker/admin/"


def test_unknown_page_under_a_municipality_speaks_its_written_form(client, make_municipality):
    from app.municipalities.models import Malform

    make_municipality("Voss", malform=Malform.nynorsk)
    response = client.get("/voss/finst-ikkje")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert '<html lang="nn"' in html and "/voss/personvern" in html


def test_an_id_too_large_for_the_column_is_a_404(client, make_municipality):
    make_municipality("Filby")
    assert client.get("/filby/filer/99999999999999999999").status_code == 404
    assert client.get("/filby/filer/0").status_code == 404
