"""One way to rate-limit a route: `@rate_limit("IDEAS_RATE_LIMIT_IP", "30 per hour")`.

The limit is read from the configuration on each request (so a deployment or a test can change
it), falling back to the default written beside the route. `per="user"` counts per signed-in user
(per address for anonymous visitors); `key=` takes any other key function.
"""
from __future__ import annotations

from typing import Callable

from flask import current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user

from app.core.extensions import limiter


def user_key() -> str:
    """The signed-in user, or the client's address for an anonymous visitor."""
    if current_user and current_user.is_authenticated:
        return f"user:{current_user.id}"
    return get_remote_address()


def rate_limit(setting: str, default: str, *, per: str = "ip", key: Callable[[], str] | None = None,
               methods: tuple[str, ...] | None = ("POST",)):
    """A Flask-Limiter limit whose value is `app.config[setting]` or `default`.

    `methods=None` limits every method (a page that is itself costly to serve)."""
    key_func = key or (user_key if per == "user" else get_remote_address)
    return limiter.limit(lambda: current_app.config.get(setting, default), key_func=key_func,
                         methods=list(methods) if methods else None)
