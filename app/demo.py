"""Demo data for `flask demo-data` and `make run`: idempotent."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.accounts.models import Role, User
from app.accounts.services import create_user, grant_role
from app.consultations.demo import load_consultation_demo
from app.consultations.models import Consultation
from app.core.clock import utcnow
from app.core.extensions import db
from app.experiences.queries import ITEM_KINDS, experience_about, participants_of
from app.experiences.services import create_experience, publish_experience
from app.ideas.demo import load_idea_demo
from app.municipalities.demo import load_identity_demo
from app.municipalities.importer import import_municipalities
from app.municipalities.models import ModerationMode, Municipality
from app.secretariat.demo import load_network_case_demo
from app.surveys.demo import load_demo_survey
from app.votes.demo import load_demo_votes
from app.votes.models import Vote

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


#: organisation numbers for the demo municipalities: made-up numbers that pass the mod-11 check
#: (the open-data catalogue names its publishers by organisation number)
DEMO_ORG_NUMBERS = {"asker": "990000018", "voss": "990000026", "kautokeino": "990000034",
                    "bergen": "990000042"}


def _load_network_demo(echo) -> None:
    """What the network shows in the demo: organisation numbers, a shared consultation and
    vote, and an experience from Bergen's concluded consultation. Idempotent."""
    municipalities = {m.slug: m for m in db.session.scalars(
        select(Municipality).where(Municipality.slug.in_(DEMO_ORG_NUMBERS)))}
    for slug, number in DEMO_ORG_NUMBERS.items():
        municipalities[slug].org_number = municipalities[slug].org_number or number
    for model in (Consultation, Vote):
        for item in db.session.scalars(select(model).where(
                model.municipality_id.in_([m.id for m in municipalities.values()]),
                model.published_at.is_not(None), model.shared_at.is_(None))):
            item.shared_at = utcnow()
    bergen = municipalities["bergen"]
    concluded = db.session.scalar(select(Consultation).where(
        Consultation.municipality_id == bergen.id, Consultation.concluded_at.is_not(None)))
    kind = ITEM_KINDS["consultation"]
    if concluded is not None and experience_about(kind, concluded) is None:
        admin = _ensure_user("admin.bergen@demo.tinget.no", "Bergen admin", bergen, Role.admin)
        experience = create_experience(concluded, admin, bergen, kind, {
            "title_nb": "Digitale innspill ga flere unge stemmer",
            "asked_nb": "Vi spurte hvordan sensorer og åpne data kan brukes i byutviklingen.",
            "outcome_nb": "Innspillene ble lagt fram for bystyret, og tre forslag er tatt inn "
                          "i retningslinjene.",
            "differently_nb": "Vi ville invitert skolene tidligere og gitt lengre frist.",
            "participants": participants_of(kind, concluded), "theme": concluded.theme,
            "sdgs": concluded.sdgs})
        publish_experience(experience, admin)
    echo("Demo network: shared consultations and votes, and an experience from Bergen.")


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
    load_identity_demo(echo)
    _ensure_user("nettverk@demo.tinget.no", "Sekretariatet", network_admin=True)
    accounts.append(("nettverk@demo.tinget.no", "network admin (secretariat)"))
    db.session.flush()
    _load_network_demo(echo)
    load_network_case_demo(echo)
    db.session.flush()
    return {"password": PASSWORD, "accounts": accounts}
