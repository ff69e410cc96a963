"""The network at scale: seed PostgreSQL at 1,000 and 100,000 ideas, serve with gunicorn, load
every public page with wrk, print requests/s, p50, p99 and the share of a bare endpoint.

    .venv/bin/python bench/scale.py                       # 1,000 and 100,000 ideas
    .venv/bin/python bench/scale.py --sizes 1000 --seconds 5
    .venv/bin/python bench/scale.py --reuse               # keep databases seeded by a former run
    .venv/bin/python bench/scale.py --cache               # also measure with the page cache on
    .venv/bin/python bench/scale.py --miss                # also every request a page-cache miss

Each size gets its own database on the server of --server (created when missing, emptied and
seeded unless --reuse finds it already seeded): the demo data (app/demo.py) plus N ideas with
about ten supports and one comment each across the demo municipalities (bench/bulk.py). Every
target is measured right after the bare endpoint (measured again before each, unless
--bare-once), with the same server and wrk settings, and its share is of that bare figure; the
machine's load average is printed with the figures: on a shared machine only the ratios mean
much. The results also go to --out as Markdown.
"""
from __future__ import annotations

import argparse
import os
import runpy
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import free_port, start_gunicorn, wrk  # noqa: E402

SERVER = "postgresql+psycopg://postgres@127.0.0.1:25432"
#: the keyset indexes of the ideas list, read from their migration
KEYSET_INDEXES = runpy.run_path(str(
    ROOT / "migrations/versions/5d9c0e7b3a61_keyset_indexes_for_the_ideas_list.py"))["INDEXES"]


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _app(env: dict):
    os.environ.update(env)
    from app import create_app

    return create_app()


def prepare(url: str, ideas: int, reuse: bool) -> None:
    """Create the database if missing and seed it, unless it already holds `ideas` bench ideas."""
    import sqlalchemy as sa

    target = sa.engine.make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not connection.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                 {"n": target.database}):
            connection.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    app = _app({"DATABASE_URL": url, "TRANSLATION_ENGINE": "", "TINGET_ENV": "production",
                "SECRET_KEY": secrets.token_hex(16)})
    from app.core.extensions import db
    from app.demo import load_demo_data
    from app.ideas.models import Idea
    from bench.bulk import seed_network

    with app.app_context():
        if reuse:
            try:
                if (db.session.scalar(sa.select(sa.func.count(Idea.id))) or 0) >= ideas:
                    added = catch_up(db)
                    print(f"Reusing {target.database} (already seeded"
                          + (f"; added {', '.join(added)}" if added else "") + ")", flush=True)
                    return
            except sa.exc.SQLAlchemyError:
                db.session.rollback()
        started = time.monotonic()
        db.drop_all()
        db.create_all()
        keyset_indexes(db)
        load_demo_data(echo=lambda *args: None)
        db.session.commit()
        seed_network(ideas)
        print(f"Seeded {target.database}: {ideas:,} ideas in {time.monotonic() - started:.0f} s",
              flush=True)
        db.session.remove()
        db.engine.dispose()


def catch_up(db) -> list[str]:
    """Bring a reused database to the models of this checkout: the tables and the (nullable)
    columns added since it was seeded. Returns what it added."""
    import sqlalchemy as sa

    inspector = sa.inspect(db.engine)
    tables = set(inspector.get_table_names())
    added = [name for name in db.metadata.tables if name not in tables]
    db.metadata.create_all(db.engine, tables=[db.metadata.tables[name] for name in added])
    for name, table in db.metadata.tables.items():
        if name not in tables:
            continue
        present = {column["name"] for column in inspector.get_columns(name)}
        for column in table.columns:
            if column.name not in present:
                kind = column.type.compile(dialect=db.engine.dialect)
                db.session.execute(sa.text(f'ALTER TABLE {name} ADD COLUMN "{column.name}" {kind}'))
                added.append(f"{name}.{column.name}")
    db.session.commit()
    return added


def keyset_indexes(db) -> None:
    """The ideas list's keyset indexes, as migration 5d9c0e7b3a61 makes them (a no-op once the
    model declares them the same)."""
    import sqlalchemy as sa

    for name, (_, columns) in KEYSET_INDEXES.items():
        db.session.execute(sa.text(f"DROP INDEX IF EXISTS {name}"))
        db.session.execute(sa.text(f"CREATE INDEX {name} ON ideas ({', '.join(columns)})"))
    db.session.commit()


def targets(url: str) -> list[tuple[str, str]]:
    """The pages to load, found in the seeded database."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as c:
        def one(sql: str):
            return c.scalar(sa.text(sql))
        bergen = one("SELECT id FROM municipalities WHERE slug = 'bergen'")
        busy = one(f"SELECT id FROM ideas WHERE municipality_id = {bergen} AND "
                   "moderation_state = 'published' ORDER BY comment_count DESC, id LIMIT 1")
        # the cursor of the 1,000th most supported idea, or one half-way down a shorter list
        # (the format of app/core/pagination.py)
        public = one(f"SELECT count(*) FROM ideas WHERE municipality_id = {bergen} AND "
                     "moderation_state = 'published'")
        depth = min(999, public // 2)
        deep = c.execute(sa.text(
            "SELECT support_count || '.' || (extract(epoch FROM created_at) * 1000000)::bigint "
            f"|| '.' || id FROM ideas WHERE municipality_id = {bergen} AND moderation_state = "
            "'published' ORDER BY support_count DESC, created_at DESC, id DESC "
            f"OFFSET {depth} LIMIT 1")).scalar() or ""
        consultation = one("SELECT c.id FROM consultations c JOIN municipalities m ON "
                           "m.id = c.municipality_id WHERE m.slug = 'bergen' AND "
                           "c.published_at IS NOT NULL ORDER BY c.id LIMIT 1")
        consultation_town = "bergen"
        if consultation is None:
            row = c.execute(sa.text(
                "SELECT c.id, m.slug FROM consultations c JOIN municipalities m ON "
                "m.id = c.municipality_id WHERE c.published_at IS NOT NULL ORDER BY c.id LIMIT 1"
            )).first()
            consultation, consultation_town = row
        survey = one("SELECT embed_token FROM surveys WHERE status = 'published' ORDER BY id "
                     "LIMIT 1")
    engine.dispose()
    found = [("bare endpoint (/bench/bare)", "/bench/bare"),
             ("floor: five trivial queries (/bench/db)", "/bench/db"),
             ("floor: the layout, empty (/bench/layout/bergen)", "/bench/layout/bergen"),
             ("network front page", "/"),
             ("municipality home (Bergen)", "/bergen/"),
             ("ideas list, newest", "/bergen/ideer/"),
             ("ideas list, most supported, deep page", "/bergen/ideer/?sortering=mest-stottet"
              f"&neste={deep}"),
             ("ideas list, old link ?side=50", "/bergen/ideer/?sortering=mest-stottet&side=50"),
             ("ideas list, theme + goal filter", "/bergen/ideer/?tema=mobilitet&mal=11"),
             ("ideas list, search 'sykkelveier'", "/bergen/ideer/?q=sykkelveier"),
             ("ideas list, search, rare word", "/bergen/ideer/?q=brygge+badeplass+torg"),
             (f"idea page (#{busy}, most comments)", f"/bergen/ideer/{busy}"),
             ("consultation page", f"/{consultation_town}/horinger/{consultation}")]
    if survey:
        found.append(("embed survey page", f"/embed/undersokelse/{survey}"))
    return found


#: the runs: nothing kept (every page rendered whole, the network's totals counted on every
#: request); production settings with every request a page-cache miss (a new `_=` in each URL:
#: what a search, a signed-in reader or the first reader after a change costs; the cards, the
#: totals and the municipality's row are kept); production settings, the same URL again
MODES = {"off": {"PAGE_CACHE": "off", "FRAGMENT_CACHE": "off", "NETWORK_FIGURES_SECONDS": "0"},
         "miss": {"PAGE_CACHE": "memory", "FRAGMENT_CACHE": "memory"},
         "cached": {"PAGE_CACHE": "memory", "FRAGMENT_CACHE": "memory"}}
MODE_NAMES = {"off": "nothing kept", "miss": "every request a page-cache miss",
              "cached": "page cache on"}


def measure(url: str, ideas: int, args, mode: str) -> list[dict]:
    workdir = Path(tempfile.mkdtemp(prefix="tinget-scale-"))
    env = {"TINGET_ENV": "production", "SECRET_KEY": secrets.token_hex(16), "DATABASE_URL": url,
           "BENCH_TOKEN": secrets.token_hex(8), "UPLOAD_FOLDER": str(workdir / "uploads"),
           "TRANSLATION_ENGINE": ""}
    env.update(MODES[mode])
    env["LOG_LEVEL"] = "WARNING"  # no log line per request: measure the pages, not the logging
    port = free_port()
    server = start_gunicorn(env, port, args.workers)
    rows = []
    try:
        print(f"\n{ideas:,} ideas, {MODE_NAMES[mode]}; gunicorn {args.workers} sync "
              f"workers; wrk -t{args.threads} -c{args.connections} -d{args.seconds}s; "
              f"load before: {_load()}")
        print(f"{'target':42} {'req/s':>9} {'vs bare':>8} {'p50 ms':>8} {'p99 ms':>8}")
        bare = None
        for name, path in targets(url):
            if args.only and path != "/bench/bare" and not any(
                    word.lower() in name.lower() for word in args.only):
                continue
            if bare is not None and args.bare_each:
                # the bare endpoint again, right before this page: on a shared machine the load
                # moves within a run, and the ratio should compare like with like
                bare = wrk(f"http://127.0.0.1:{port}/bench/bare", args.seconds, args.connections,
                           args.threads, warm_up=0)["rps"]
            result = wrk(f"http://127.0.0.1:{port}{path}", args.seconds, args.connections,
                         args.threads, every_url_new=mode == "miss")
            bare = bare or result["rps"]
            result.update(name=name, path=path, ratio=result["rps"] / bare, bare=bare, load=_load())
            note = f"  ({result['bad']} non-2xx!)" if result["bad"] else ""
            print(f"{name:42} {result['rps']:9.1f} {result['ratio']:8.2f} "
                  f"{result['p50'] or 0:8.1f} {result['p99'] or 0:8.1f}  (bare {bare:.0f}){note}",
                  flush=True)
            rows.append(result)
        print(f"load after: {_load()}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(workdir, ignore_errors=True)
    return rows


def markdown(results: dict, args) -> str:
    sizes = list(results)
    lines = [f"Machine: {os.cpu_count()} CPUs, {_cpu_name()}; PostgreSQL on {args.server}; "
             f"gunicorn {args.workers} sync workers; wrk -t{args.threads} -c{args.connections} "
             f"-d{args.seconds}s (after a 5 s warm-up).", "",
             "| page | " + " | ".join(f"{label}: req/s (÷ bare) | p50 / p99 ms"
                                      for label in sizes) + " |",
             "| --- |" + " ---: | ---: |" * len(sizes)]
    names = [row["name"] for row in next(iter(results.values()))]
    for i, name in enumerate(names):
        cells = []
        for label in sizes:
            row = results[label][i] if i < len(results[label]) else None
            bad = f", {row['bad']:,} non-2xx" if row and row["bad"] else ""
            cells.append("–" if row is None else f"{row['rps']:,.0f} ({row['ratio']:.2f}{bad})")
            cells.append("–" if row is None else f"{row['p50'] or 0:.1f} / {row['p99'] or 0:.1f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "The bare endpoint right before each page (the share's denominator), lowest and "
              "highest: " + "; ".join(
                  f"{label}: {min(row['bare'] for row in results[label]):,.0f}–"
                  f"{max(row['bare'] for row in results[label]):,.0f}" for label in sizes)]
    lines += ["", "Load average (1, 5, 15 min) at the end of each run: " + "; ".join(
        f"{label}: {results[label][-1]['load']}" for label in sizes)]
    return "\n".join(lines) + "\n"


def _cpu_name() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown CPU"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server URL (no database)")
    parser.add_argument("--prefix", default="tinget_bench", help="databases <prefix>_<size>")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--cache", action="store_true", help="measure with the cache on too")
    parser.add_argument("--miss", action="store_true",
                        help="measure with every request a page-cache miss too")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--out", default="bench-results.md")
    parser.add_argument("--only", nargs="+", metavar="WORD",
                        help="only the pages whose name has one of these words (and the bare "
                             "endpoint), e.g. --only floor list")
    parser.add_argument("--bare-once", dest="bare_each", action="store_false",
                        help="measure the bare endpoint once per run, not before every page")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    results = {}
    for size in [int(s) for s in args.sizes.split(",")]:
        url = f"{args.server}/{args.prefix}_{size}"
        subprocess.run([sys.executable, __file__, "--seed-only", url, str(size)]
                       + (["--reuse-db"] if args.reuse else []), check=True)
        results[f"{size:,} ideas"] = measure(url, size, args, "off")
        if args.miss:
            results[f"{size:,} ideas, misses"] = measure(url, size, args, "miss")
        if args.cache:
            results[f"{size:,} ideas, cached"] = measure(url, size, args, "cached")
    Path(args.out).write_text(markdown(results, args))
    print(f"\nWritten to {args.out}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--seed-only":  # in its own process: a clean app
        prepare(sys.argv[2], int(sys.argv[3]), reuse="--reuse-db" in sys.argv)
    else:
        main()
