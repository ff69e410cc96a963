"""Static files (app/core/static.py): hashed names with long lifetimes, old and unhashed names
still served briefly, gzip, the one stylesheet bundle, the stable embed.js; and the vendored
Designsystemet holds exactly what the templates use."""
from __future__ import annotations

import gzip
import re
from pathlib import Path

from flask import url_for

from app.core import static
from tools.vendor import COMPONENTS

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "app" / "templates"
VENDORED = ROOT / "app" / "static" / "vendor" / "designsystemet" / "designsystemet.css"


def static_url(app, filename: str) -> str:
    with app.test_request_context():
        return url_for("static", filename=filename)


def test_hashed_url_is_immutable_and_compressed(app, client):
    url = static_url(app, "css/main.css")
    assert re.fullmatch(r"/static/css/main\.[0-9a-f]{10}\.css", url)
    plain = client.get(url)
    assert plain.status_code == 200 and plain.mimetype == "text/css"
    assert plain.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert b".site-header" in plain.data and "Content-Encoding" not in plain.headers
    packed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data and len(packed.data) < len(plain.data) / 2
    # a browser asking again with its copy's validator gets 304 and no body
    again = client.get(url, headers={"If-None-Match": plain.headers["ETag"]})
    assert again.status_code == 304 and not again.data


def test_unhashed_and_outdated_names_still_work_briefly(app, client):
    current = client.get(static_url(app, "css/main.css")).data
    for path in ("/static/css/main.css", "/static/css/main.0123456789.css"):
        response = client.get(path)
        assert response.status_code == 200 and response.data == current, path
        assert response.headers["Cache-Control"] == f"public, max-age={app.config['STATIC_MAX_AGE']}"
    assert client.get("/static/css/nothing.0123456789.css").status_code == 404
    assert client.get("/static/../config.py").status_code == 404
    assert client.get("/static/css/../../__init__.py").status_code == 404


def test_the_stylesheet_bundle_is_designsystemet_then_main(app, client):
    url = static_url(app, "css/tinget.css")
    body = client.get(url).get_data(as_text=True)
    parts = [client.get(f"/static/{name}").get_data(as_text=True)
             for name in static.BUNDLES["css/tinget.css"]]
    assert static.BUNDLES["css/tinget.css"][:3] == (
        "vendor/designsystemet/theme.css", "vendor/designsystemet/designsystemet.css", "css/main.css")
    assert body == "\n".join(parts)
    assert body.index("--ds-color-accent-base-default") < body.index(".ds-button") < body.index(".site-header")
    page = client.get("/").get_data(as_text=True)
    assert page.count('rel="stylesheet"') == 1 and f'href="{url}"' in page


def test_the_embed_script_keeps_its_pasted_address(app, client):
    assert static_url(app, "js/embed.js") == "/static/js/embed.js"
    response = client.get("/static/js/embed.js")
    assert response.status_code == 200 and "immutable" not in response.headers["Cache-Control"]


def test_every_vendored_component_is_used_and_every_used_class_is_vendored():
    used = set()
    for template in TEMPLATES.rglob("*.html"):
        for value in re.findall(r'class="([^"]*)"', template.read_text(encoding="utf-8")):
            used.update(re.findall(r"(?<![\w-])ds-[a-z][a-z0-9-]*(?![\w-])", value))
    vendored = VENDORED.read_text(encoding="utf-8")
    unused = [name for name in COMPONENTS if f"ds-{name}" not in used]
    assert not unused, f"in COMPONENTS but used by no template (trim tools/vendor.py): {unused}"
    missing = sorted(name for name in used if f".{name}" not in vendored)
    assert not missing, f"used in templates but not vendored (add to COMPONENTS): {missing}"
