"""`make screenshots`: the main pages at 1280 and 375 px, for each role, into screenshots/.

    .venv/bin/python -m tools.screenshots [--out screenshots] [--only moderator] [--widths 375]

Loads the demo data into a throwaway SQLite database, serves the app on a free port of
127.0.0.1, logs in through the log-in form as each demo role in Debian's Chromium and saves
one full-page PNG per page and width, named <role>-<page>-<width>.png, for review. Nothing is
committed (screenshots/ is in .gitignore).
"""
from __future__ import annotations

import argparse
import logging
import pathlib
import re
import sys
import tempfile
import threading

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

from app import create_app
from app.consultations.models import ConsultationAnswer
from app.core.extensions import db
from app.demo import load_demo_data
from app.ideas.models import Idea
from app.moderation.models import ModerationState
from app.municipalities.models import Municipality
from app.surveys.models import Survey

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "Tinget-demo-2026"
WIDTHS = (1280, 375)
#: role -> (demo e-mail or None, pages); {idea}, {answer}, {survey} are filled from the demo data
ROLES = {
    "anonymous": (None, ["/", "/asker/", "/asker/ideer/", "/asker/ideer/{idea}", "/asker/horinger/",
                         "/asker/avstemninger/", "/asker/undersokelser/", "/konto/logg-inn",
                         "/sok/?q=sykkel"]),
    "resident": ("innbygger@demo.tinget.no", ["/asker/", "/asker/ideer/ny", "/konto/"]),
    "moderator": ("moderator.asker@demo.tinget.no", [
        "/asker/arbeid/", "/asker/moderering/", "/asker/moderering/consultationanswer/{answer}",
        "/asker/moderering/blokkerte"]),
    "admin": ("admin.asker@demo.tinget.no", [
        "/asker/arbeid/", "/asker/admin/", "/asker/moderering/logg",
        "/asker/admin/undersokelser/{survey}/", "/asker/admin/deltakelse/"]),
}


def demo_ids(app) -> dict[str, int | str]:
    """Ids the page list needs, from Asker's demo content ("" where there is none)."""
    with app.app_context():
        asker = db.session.scalar(select(Municipality).where(Municipality.slug == "asker"))

        def first(model, *where):
            found = db.session.scalar(select(model.id).where(
                model.municipality_id == asker.id, *where).order_by(model.id).limit(1))
            return found if found is not None else ""

        return {"idea": first(Idea, Idea.moderation_state == ModerationState.published),
                "answer": first(ConsultationAnswer), "survey": first(Survey)}


def serve(app):
    """Serve `app` with werkzeug in a thread on a free port of 127.0.0.1, quietly."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.port}"


def log_in(page, email: str) -> None:
    page.goto("/konto/logg-inn")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    if "/konto/logg-inn" in page.url:
        raise SystemExit(f"log-in as {email} failed")


def slug_of(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "front"


def take(browser, base: str, role: str, email: str | None, paths: list[str], widths,
         out: pathlib.Path) -> int:
    saved = 0
    for width in widths:
        context = browser.new_context(base_url=base, locale="nb-NO",
                                      viewport={"width": width, "height": 900})
        context.set_default_timeout(60_000)
        page = context.new_page()
        if email:
            log_in(page, email)
        for path in paths:
            try:
                response = page.goto(path)
            except PlaywrightTimeout:
                print(f"TIMEOUT {role:9} {width:4} {path}: no screenshot")
                continue
            status = response.status if response else "?"
            target = out / f"{role}-{slug_of(path)}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            wide = page.evaluate("document.scrollingElement.scrollWidth") > width
            print(f"{status} {role:9} {width:4} {path} -> {target.name}"
                  + ("  (scrolls sideways!)" if wide else ""))
            saved += 1
        context.close()
    return saved


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--only", choices=sorted(ROLES), action="append")
    parser.add_argument("--widths", type=int, nargs="+", default=list(WIDTHS))
    options = parser.parse_args(argv)
    out = pathlib.Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as directory:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{directory}/demo.sqlite3",
                         UPLOAD_FOLDER=f"{directory}/uploads", RATELIMIT_ENABLED=False)
        with app.app_context():
            db.create_all()
            load_demo_data(echo=lambda text: None)
            db.session.commit()
        ids = demo_ids(app)
        server, base = serve(app)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                saved = 0
                for role in options.only or ROLES:
                    email, paths = ROLES[role]
                    saved += take(browser, base, role, email, [p.format(**ids) for p in paths],
                                  options.widths, out)
                browser.close()
        finally:
            server.shutdown()
    print(f"{saved} screenshots in {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
