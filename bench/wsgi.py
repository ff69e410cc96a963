"""The app as served for the benchmark, with a bare endpoint to compare against."""
import os

from app import create_app

app = create_app()
# All the load comes from one address: lift the per-address limits of the pages it loads.
for setting in ("EMBED_VIEW_RATE_LIMIT", "SEARCH_RATE_LIMIT", "SURVEY_ANSWER_RATE_LIMIT"):
    app.config[setting] = "1000000 per minute"


@app.route("/bench/bare")
def bare():
    """The cheapest response the same app, server and middleware can give."""
    return os.environ.get("BENCH_TOKEN", "ok")
