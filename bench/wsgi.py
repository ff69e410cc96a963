"""The app as served for the benchmark, with a bare endpoint to compare against."""
import os

from app import create_app

app = create_app()


@app.route("/bench/bare")
def bare():
    """The cheapest response the same app, server and middleware can give."""
    return os.environ.get("BENCH_TOKEN", "ok")
