"""Loopback stand-ins for Kartverket's map services, for tests and screenshots.

`TileServer` answers any /{z}/{y}/{x}.png with a small grey PNG (a thin border shows the tile
grid) and records the paths asked for. `AddressServer` answers /adresser/v1/sok?sok=&treffPerSide=
in the format of https://ws.geonorge.no/adresser/v1/sok for a few fixed addresses (a hit when
every word of the query is in the address), with CORS open like the real service. Both are plain
http.server threads on free ports of 127.0.0.1:

    with TileServer() as tiles, AddressServer() as addresses:
        app.config["MAP_TILE_URL"] = tiles.template
        app.config["MAP_ADDRESS_SEARCH_URL"] = addresses.url
"""
from __future__ import annotations

import io
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from PIL import Image, ImageDraw

#: the addresses the loopback service knows, as Kartverket writes them
ADDRESSES = [
    {"adressetekst": "Rådhusgata 1", "postnummer": "0151", "poststed": "OSLO",
     "kommunenummer": "0301", "kommunenavn": "OSLO",
     "representasjonspunkt": {"epsg": "EPSG:4258", "lat": 59.91049, "lon": 10.73861}},
    {"adressetekst": "Rådhusgata 3", "postnummer": "0151", "poststed": "OSLO",
     "kommunenummer": "0301", "kommunenavn": "OSLO",
     "representasjonspunkt": {"epsg": "EPSG:4258", "lat": 59.91038, "lon": 10.73922}},
    {"adressetekst": "Katrineåsveien 20", "postnummer": "1383", "poststed": "ASKER",
     "kommunenummer": "3203", "kommunenavn": "ASKER",
     "representasjonspunkt": {"epsg": "EPSG:4258", "lat": 59.83361, "lon": 10.43583}},
    {"adressetekst": "Strandgata 5", "postnummer": "9008", "poststed": "TROMSØ",
     "kommunenummer": "5501", "kommunenavn": "TROMSØ",
     "representasjonspunkt": {"epsg": "EPSG:4258", "lat": 69.64922, "lon": 18.95627}},
]


def _tile_png() -> bytes:
    image = Image.new("RGB", (256, 256), (226, 226, 222))
    ImageDraw.Draw(image).rectangle((0, 0, 255, 255), outline=(200, 200, 196))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


class _Server:
    handler: type[BaseHTTPRequestHandler]

    def __init__(self):
        self.requests: list[str] = []
        owner = self

        class Handler(self.handler):
            server_owner = owner

            def log_message(self, *args):  # quiet
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True,
                                       name=type(self).__name__)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


class _TileHandler(BaseHTTPRequestHandler):
    TILE = _tile_png()
    PATH = re.compile(r"^/tiles/(\d+)/(\d+)/(\d+)\.png$")

    def do_GET(self):
        self.server_owner.requests.append(self.path)
        if not self.PATH.match(urlsplit(self.path).path):
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(self.TILE)))
        self.send_header("Cache-Control", "no-store")  # each page asks again
        self.end_headers()
        self.wfile.write(self.TILE)


class TileServer(_Server):
    """Any /tiles/{z}/{y}/{x}.png is a grey tile; `requests` lists the paths asked for."""
    handler = _TileHandler

    @property
    def template(self) -> str:
        return f"{self.origin}/tiles/{{z}}/{{y}}/{{x}}.png"

    def tiles(self) -> list[str]:
        return [path for path in list(self.requests) if path.endswith(".png")]


def search(text: str, per_page: int = 10) -> dict:
    """Kartverket's answer to ?sok=text: the known addresses holding every word of the text."""
    words = [w for w in re.split(r"[\s,]+", text.casefold()) if w]
    hits = [a for a in ADDRESSES
            if words and all(w in f"{a['adressetekst']} {a['postnummer']} {a['poststed']}".casefold()
                             for w in words)]
    return {"metadata": {"side": 0, "treffPerSide": per_page, "totaltAntallTreff": len(hits),
                         "viserFra": 0, "viserTil": min(len(hits), per_page), "sokeStreng": text},
            "adresser": hits[:per_page]}


class _AddressHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server_owner.requests.append(self.path)
        parts = urlsplit(self.path)
        if parts.path != "/adresser/v1/sok":
            self.send_error(404)
            return
        query = parse_qs(parts.query)
        try:
            per_page = max(1, min(int(query.get("treffPerSide", ["10"])[0]), 1000))
        except ValueError:
            per_page = 10
        body = json.dumps(search(query.get("sok", [""])[0], per_page)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(body)


class AddressServer(_Server):
    """Kartverket's address search for ADDRESSES at /adresser/v1/sok; `requests` lists the asks."""
    handler = _AddressHandler

    @property
    def url(self) -> str:
        return f"{self.origin}/adresser/v1/sok"
