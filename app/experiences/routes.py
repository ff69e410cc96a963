"""Public pages of experiences (filled in by the experiences work)."""
from app.experiences import bp  # noqa: F401
from app.experiences import models  # noqa: E402,F401
