"""Demo data for `flask demo-data` and `make run`: idempotent."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.accounts.models import Role, User
from app.accounts.services import create_user, grant_role
from app.consultations.demo import load_consultation_demo
from app.core.extensions import db
from app.ideas.demo import load_idea_demo
from app.municipalities.importer import import_municipalities
from app.municipalities.models import ModerationMode, Municipality
from app.surveys.demo import load_demo_survey
from app.votes.demo import load_demo_votes

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PASSWORD = "Tinget-demo-2026"

#: slug -> settings for the demo municipalities
DEMO_MUNICIPALITIES = {
    "asker": {"moderation_mode": ModerationMode.post},
    "voss": {"moderation_mode": ModerationMode.pre, "default_locale": "nn"},
    "kautokeino": {"moderation_mode": ModerationMode.post},
    "bergen": {"moderation_mode": ModerationMode.post},
}


def _ensure_user(email: str, name: str, municipality=None, role=None, network_admin=False) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = create_user(email, PASSWORD, name, network_admin=network_admin)
    if municipality is not None and user.role_in(municipality) is not role:
        grant_role(user, municipality, role)
    return user


def load_demo_data(echo=print) -> dict:
    """Import the municipalities if missing, activate the demo ones, create their accounts."""
    if db.session.scalar(select(Municipality.id).limit(1)) is None:
        echo("Importing the 357 municipalities …")
        import_municipalities((DATA_DIR / "kommuner-klass-131.csv").read_bytes(),
                              (DATA_DIR / "malform-2025.csv").read_bytes())
    accounts = []
    for slug, settings in DEMO_MUNICIPALITIES.items():
        municipality = db.session.scalar(select(Municipality).where(Municipality.slug == slug))
        municipality.is_active = True
        for key, value in settings.items():
            setattr(municipality, key, value)
        if not municipality.accessibility_statement_url:
            municipality.accessibility_statement_url = "https://uustatus.no/"
        if not municipality.privacy_contact:
            municipality.privacy_contact = f"personvern@{slug}.kommune.no"
        for role in (Role.admin, Role.moderator):
            email = f"{role.value}.{slug}@demo.tinget.no"
            _ensure_user(email, f"{municipality.name} {role.value}", municipality, role)
            accounts.append((email, f"{role.value} in {municipality.name} (/{slug}/)"))
    asker = db.session.scalar(select(Municipality).where(Municipality.slug == "asker"))
    _ensure_user("innbygger@demo.tinget.no", "Kari Innbygger", asker, Role.resident)
    accounts.append(("innbygger@demo.tinget.no", "resident in Asker"))
    load_demo_survey(asker)
    load_consultation_demo(echo, PASSWORD)
    load_demo_votes(echo, PASSWORD)
    load_idea_demo(echo, PASSWORD)
    _ensure_user("nettverk@demo.tinget.no", "Sekretariatet", network_admin=True)
    accounts.append(("nettverk@demo.tinget.no", "network admin (secretariat)"))
    db.session.flush()
    return {"password": PASSWORD, "accounts": accounts}
