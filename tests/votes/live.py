"""A real HTTP server for the concurrency tests, and a small cookie-keeping client for it.

The server is werkzeug's, threaded, in a thread of the test process, serving the session's `app`
(the same database as the fixtures). The client speaks HTTP over a socket, keeps its cookies and
never follows a redirect, so every status code is seen, as a browser's network log would show it.
"""
from __future__ import annotations

import http.client
import re
import threading
from contextlib import contextmanager
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from werkzeug.serving import make_server


@contextmanager
def serving(app):
    """The base URL of `app` served by werkzeug, threaded, on a free port of 127.0.0.1."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="ballot-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


class Visitor:
    """One browser: its own cookies; `get`/`post` return (status, location, body)."""

    def __init__(self, base: str, timeout: float = 60):
        parts = urlsplit(base)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.cookies: dict[str, str] = {}
        self.lock = threading.Lock()

    def request(self, method: str, path: str, data=None) -> tuple[int, str, str]:
        body = urlencode(data, doseq=True) if data is not None else None
        with self.lock:
            headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or ():
                jar = SimpleCookie()
                jar.load(header)
                with self.lock:
                    for name, morsel in jar.items():
                        self.cookies[name] = morsel.value
            return response.status, response.headers.get("Location", ""), text
        finally:
            connection.close()

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, data: dict):
        return self.request("POST", path, data)

    def csrf(self, path: str) -> str:
        status, _, html = self.get(path)
        assert status == 200, f"GET {path} gave {status}"
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def log_in(self, email: str, password: str) -> None:
        token = self.csrf("/konto/logg-inn")
        status, _, _ = self.post("/konto/logg-inn", {"csrf_token": token, "email": email,
                                                     "password": password})
        assert status == 302, f"log-in of {email} gave {status}"
