"""Every state-changing route refuses a request without a CSRF token."""
from __future__ import annotations

from werkzeug.routing import IntegerConverter

from app.accounts.models import Role
from tests.tenant_objects import load_all

FACTORIES = load_all()
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def _url(rule, slug, values):
    path = rule.rule.replace("<municipality>", slug)
    for name in rule.arguments - {"municipality"}:
        for pattern in (f"<int:{name}>", f"<{name}>", f"<string:{name}>"):
            path = path.replace(pattern, str(values[name]))
    return path


def test_every_post_route_refuses_a_request_without_a_csrf_token(app, client, auth,
                                                                 make_municipality, make_user):
    municipality = make_municipality("Hjemby")
    admin = make_user(role=Role.admin, municipality=municipality)
    auth.login(admin)
    csrf_exempt = {"embed.answer"}  # signed per-form tokens instead of a session (surveys issue)
    checked = []
    for rule in app.url_map.iter_rules():
        methods = rule.methods & STATE_CHANGING
        if not methods or rule.endpoint in csrf_exempt:
            continue
        # an integer argument gets a number, so the route is reached (and refuses the missing token)
        values = {name: "1" if isinstance(rule._converters.get(name), IntegerConverter) else "x"
                  for name in rule.arguments}
        if rule.endpoint.startswith("tenant.") and set(rule.arguments) - {"municipality"}:
            values = FACTORIES[rule.endpoint](municipality, admin)
        url = _url(rule, municipality.slug, values) + "?lang=en"
        for method in methods:
            response = client.open(url, method=method, data={"anything": "1"})
            assert response.status_code == 400, f"{method} {url} without CSRF gave {response.status_code}"
            assert "The form has expired" in response.get_data(as_text=True), url
            checked.append(rule.endpoint)
    assert "accounts.login" in checked and "tenant.municipalities.admin" in checked
