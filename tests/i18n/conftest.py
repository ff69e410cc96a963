from __future__ import annotations

import pytest

from tests.i18n.catalogs import compile_stale


@pytest.fixture(scope="session")
def compiled_catalogs(app):
    """Compile any .mo that is missing or older than its .po (as `make test` does first).

    A fresh clone has no .mo files (they are build output); the app caches what it loaded, so the
    cache is emptied when something was compiled.
    """
    if compile_stale():
        app.extensions["babel"].instance.domain_instance.cache.clear()
