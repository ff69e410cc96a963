"""One app server for the two-server test: `python -m tests.scale.server PORT`, configured like
production from the environment (DATABASE_URL, REDIS_URL, SECRET_KEY), over plain HTTP."""
from __future__ import annotations

import sys

from werkzeug.serving import run_simple

from app import create_app

if __name__ == "__main__":
    app = create_app("production", SESSION_COOKIE_SECURE=False, REMEMBER_COOKIE_SECURE=False)
    run_simple("127.0.0.1", int(sys.argv[1]), app, threaded=True)
