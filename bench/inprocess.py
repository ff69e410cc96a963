"""The pages of bench/scale.py timed in one process, without a server: the median of --runs calls
of the app's WSGI callable (every middleware included) for each page: with nothing kept; a
page-cache miss with the production settings (each request another `_=` in its query: the cards,
the network's totals and the municipality's row kept); and a hit (the fast path, and the same
hit answered through Flask).
Optionally a profile.

    .venv/bin/python bench/inprocess.py --url postgresql+psycopg://postgres@127.0.0.1:25432/tinget_bench_100000
    .venv/bin/python bench/inprocess.py --url ... --profile /bergen/ideer/   # cProfile (SORT=, TOP=)

Run bench/scale.py once first (it seeds the database).
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def call(app, environ: dict) -> tuple[int, bytes]:
    """One request through the whole WSGI stack: (status, body)."""
    answer: list = []

    def start_response(status, headers, exc_info=None):
        answer.append(int(status.split(" ", 1)[0]))

    chunks = app.wsgi_app(dict(environ), start_response)
    try:
        body = b"".join(chunks)
    finally:
        getattr(chunks, "close", lambda: None)()
    return answer[0], body


def timed(app, path: str, runs: int, every_url_new: bool = False) -> float:
    """Median milliseconds of `runs` requests for `path` (after one to warm up); with
    `every_url_new`, each with another `_=` in its query (a page-cache miss every time)."""
    from werkzeug.test import EnvironBuilder

    def environ(n: int) -> dict:
        query = path.partition("?")[2]
        if every_url_new:
            query = f"{query}&_={n}" if query else f"_={n}"
        return EnvironBuilder(path=path.split("?")[0], query_string=query,
                              base_url="http://127.0.0.1/").get_environ()

    status, _ = call(app, environ(0))
    assert status == 200, (path, status)
    times = []
    for n in range(1, runs + 1):
        request = environ(n)
        start = time.perf_counter()
        call(app, request)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def make_app(url: str, cache: str):
    os.environ.update({"TINGET_ENV": "production", "SECRET_KEY": secrets.token_hex(16),
                       "DATABASE_URL": url, "TRANSLATION_ENGINE": "", "LOG_LEVEL": "WARNING",
                       "PAGE_CACHE": cache, "BENCH_TOKEN": "ok"})
    import runpy

    return runpy.run_path(str(ROOT / "bench" / "wsgi.py"))["app"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="a database seeded by bench/scale.py")
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--profile", help="profile this path (cache off) instead")
    args = parser.parse_args()
    from bench.scale import targets

    pages = [(name, path) for name, path in targets(args.url) if "embed" not in path]
    app = make_app(args.url, "memory")
    if args.profile:
        app.config["PAGE_CACHE"] = "off"
        timed(app, args.profile, 3)
        profile = cProfile.Profile()
        profile.enable()
        timed(app, args.profile, args.runs)
        profile.disable()
        stats = pstats.Stats(profile).sort_stats(os.environ.get("SORT", "cumulative"))
        stats.print_stats(int(os.environ.get("TOP", "40")))
        return
    print(f"median of {args.runs}, ms; load {' '.join(open('/proc/loadavg').read().split()[:3])}")
    print(f"{'page':42} {'nothing':>8} {'miss':>7} {'hit, Flask':>11} {'hit, fast':>10}")
    for name, path in pages:
        app.config.update(PAGE_CACHE="off", FRAGMENT_CACHE="off", NETWORK_FIGURES_SECONDS=0)
        uncached = timed(app, path, args.runs)
        app.config.update(PAGE_CACHE="memory", FRAGMENT_CACHE="memory", NETWORK_FIGURES_SECONDS=60)
        miss = timed(app, path, args.runs, every_url_new=True)
        app.config["PAGE_CACHE_FAST"] = "0"
        through_flask = timed(app, path, args.runs)
        app.config["PAGE_CACHE_FAST"] = "1"
        fast = timed(app, path, args.runs)
        print(f"{name:42} {uncached:8.2f} {miss:7.2f} {through_flask:11.2f} {fast:10.2f}",
              flush=True)


if __name__ == "__main__":
    main()
