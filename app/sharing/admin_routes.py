"""The admin pages of sharing (filled in by the sharing work)."""
from app.sharing import bp  # noqa: F401
from app.sharing import models  # noqa: E402,F401
