"""A stand-in for a municipality's web site, to try embedding by hand.

    python -m app.embed.demo_host [--tinget http://127.0.0.1:5000] [--port 5001]

serves http://127.0.0.1:5001/ with the demo survey ("Hvordan reiser du til jobb?") embedded
through /embed.js; `flask demo-data` registers that origin for Asker. /nn shows it in nynorsk,
/script the script-tag form. Any other port is refused framing, which is the point.
"""
from __future__ import annotations

import argparse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app.surveys.demo import DEMO_TOKEN

PAGE = """<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Asker kommune – Mobilitetsplan (demo)</title><link rel="icon" href="data:,"></head>
<body style="font-family:system-ui,sans-serif;max-width:48rem;margin:0 auto;padding:1rem">
<h1>Asker kommune: ny mobilitetsplan</h1>
<p>Denne siden later som den er kommunens eget nettsted. Undersøkelsen under kommer fra Tinget.</p>
{widget}
<p>Bunntekst for kommunens nettsted.</p>
</body></html>"""


def widget(tinget: str, path: str) -> str:
    if path == "/script":
        return (f'<script src="{tinget}/embed.js" data-tinget-survey="{DEMO_TOKEN}" '
                'data-title="Spørreundersøkelse: Hvordan reiser du til jobb?" async></script>')
    lang = ' data-lang="nn"' if path == "/nn" else ""
    return (f'<div data-tinget-survey="{DEMO_TOKEN}"{lang} data-title="Spørreundersøkelse: '
            f'Hvordan reiser du til jobb?"><a href="{tinget}/asker/undersokelser/">Svar på '
            f'undersøkelsen</a></div>\n<script src="{tinget}/embed.js" async></script>')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tinget", default="http://127.0.0.1:5000")
    parser.add_argument("--port", type=int, default=5001)
    args = parser.parse_args()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            path = self.path.split("?")[0]
            if path not in ("/", "/nn", "/script"):
                self.send_error(404)
                return
            body = PAGE.format(widget=widget(args.tinget.rstrip("/"), path)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    print(f"A municipality's page with the demo survey: http://127.0.0.1:{args.port}/ "
          f"(Tinget at {args.tinget})")
    ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
