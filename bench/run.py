"""Ideas benchmark: seed, serve with gunicorn on 127.0.0.1, load with wrk, print the figures.

    .venv/bin/python bench/run.py                 # 10,000 ideas in a temporary SQLite file
    .venv/bin/python bench/run.py --large         # 100,000 ideas
    .venv/bin/python bench/run.py --database-url postgresql+psycopg://postgres@127.0.0.1:15433/bench

The database named by --database-url is emptied first. Every target is measured with the same
server and wrk settings right after a bare endpoint of the same app (`/bench/bare`), so the
ratios mean something on a shared machine; absolute figures alone do not.
"""
from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed_database(env: dict, ideas: int) -> int:
    os.environ.update(env)
    from app import create_app
    from app.core.extensions import db
    from bench.seed import seed

    app = create_app()
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.monotonic()
        busy = seed(ideas)
        print(f"Seeded {ideas:,} ideas in {time.monotonic() - started:.0f} s", flush=True)
        db.session.remove()
        db.engine.dispose()
    return busy


def start_gunicorn(env: dict, port: int, workers: int) -> subprocess.Popen:
    gunicorn = shutil.which("gunicorn", path=str(ROOT / ".venv" / "bin")) or "gunicorn"
    process = subprocess.Popen(
        [gunicorn, "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--log-level",
         "warning", "--timeout", "120", "--preload", "--chdir", str(ROOT), "bench.wsgi:app"], env={**os.environ, **env})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare", timeout=2) as answer:
                if answer.read().decode() == env["BENCH_TOKEN"]:  # ours, not a stale server
                    return process
        except OSError:
            time.sleep(0.3)
        if process.poll() is not None:
            raise SystemExit("gunicorn exited before it answered")
    process.kill()
    raise SystemExit("gunicorn did not answer within 60 s")


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


#: a wrk script that asks for the page with a new `_=` parameter each time: another key for the
#: page cache on every request (never a hit), the same page for the view (it ignores it)
EVERY_URL_NEW = Path(__file__).with_name("every_url_new.lua")


def wrk(url: str, seconds: int, connections: int, threads: int, warm_up: int = 5,
        every_url_new: bool = False) -> dict:
    script = ["-s", str(EVERY_URL_NEW)] if every_url_new else []
    # Warm-up: every worker compiles its templates and loads its locale data once.
    if warm_up:
        subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{warm_up}s", "--timeout",
                        "30s", *script, url], capture_output=True, check=True)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
                          "--timeout", "10s", *script, url], capture_output=True, text=True,
                         check=True).stdout
    latency = {p: float(v) * UNITS[u] for p, v, u in
               re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": latency.get("50"), "p99": latency.get("99"),
            "bad": int(bad.group(1)) if bad else 0, "socket_errors": errors.group(1) if errors else ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ideas", type=int, default=10_000)
    parser.add_argument("--large", action="store_true", help="100,000 ideas")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    ideas = 100_000 if args.large else args.ideas
    workdir = Path(tempfile.mkdtemp(prefix="tinget-bench-"))
    env = {"TINGET_ENV": "production", "SECRET_KEY": secrets.token_hex(16),
           "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
           "BENCH_TOKEN": secrets.token_hex(8), "UPLOAD_FOLDER": str(workdir / "uploads")}
    busy = seed_database(env, ideas)
    port = free_port()
    server = start_gunicorn(env, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    targets = [("bare endpoint (/bench/bare)", "/bench/bare"),
               ("ideas list, newest", "/benchby/ideer/"),
               ("ideas list, most supported, page 50", "/benchby/ideer/?sortering=mest-stottet&side=50"),
               ("ideas list, theme + goal filter", "/benchby/ideer/?tema=mobilitet&mal=11"),
               ("ideas list, search 'sykkelveier'", "/benchby/ideer/?q=sykkelveier"),
               (f"idea page (#{busy}, with comments)", f"/benchby/ideer/{busy}")]
    dialect = env["DATABASE_URL"].split(":", 1)[0]
    print(f"\n{ideas:,} ideas on {dialect}; gunicorn {args.workers} sync workers; wrk "
          f"-t{args.threads} -c{args.connections} -d{args.seconds}s; {os.cpu_count()} CPUs\n")
    print(f"{'target':42} {'req/s':>9} {'vs bare':>8} {'p50 ms':>8} {'p99 ms':>8}")
    try:
        bare = None
        for name, path in targets:
            result = wrk(base + path, args.seconds, args.connections, args.threads)
            bare = bare or result["rps"]
            note = f"  ({result['bad']} non-2xx!)" if result["bad"] else ""
            print(f"{name:42} {result['rps']:9.1f} {result['rps'] / bare:8.2f} "
                  f"{result['p50'] or 0:8.1f} {result['p99'] or 0:8.1f}{note}", flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
