"""Demo network cases for `flask demo-data`: an open network vote that the demo members can
answer, and a closed network consultation with the answers of Asker and Voss. Idempotent."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import Membership, Role, User
from app.core.clock import utcnow
from app.core.extensions import db
from app.municipalities.models import Municipality
from app.secretariat.models import CaseKind, NetworkCase, NetworkCaseOption, NetworkCaseResponse

OPEN_VOTE = "Felles veileder for åpne data i smartbykommunene"
CLOSED_CONSULTATION = "Innspill til nettverkets strategi 2027–2030"


def _admin_of(slug: str) -> tuple[Municipality | None, User | None]:
    row = db.session.execute(
        select(Municipality, User).join(Membership, Membership.municipality_id == Municipality.id)
        .join(User, User.id == Membership.user_id)
        .where(Municipality.slug == slug, Membership.role == Role.admin).limit(1)).first()
    return (row[0], row[1]) if row else (None, None)


def load_network_case_demo(echo=print) -> None:
    """Create the demo cases once (by title); answers come from the demo admins of Asker and Voss."""
    if db.session.scalar(select(NetworkCase.id).where(NetworkCase.title_nb == OPEN_VOTE)):
        return
    now = utcnow()
    vote = NetworkCase(
        kind=CaseKind.vote, title_nb=OPEN_VOTE, title_nn="Felles rettleiar for opne data i "
        "smartbykommunane", body_nb="Skal nettverket lage en felles veileder for å publisere "
        "åpne data, som alle medlemmene bruker?", body_nn="Skal nettverket lage ein felles "
        "rettleiar for å publisere opne data, som alle medlemmene brukar?",
        opens_at=now - timedelta(days=2), closes_at=now + timedelta(days=21),
        published_at=now - timedelta(days=2),
        options=[NetworkCaseOption(position=0, label_nb="Ja", label_nn="Ja"),
                 NetworkCaseOption(position=1, label_nb="Nei", label_nn="Nei"),
                 NetworkCaseOption(position=2, label_nb="Utsett til neste år",
                                   label_nn="Utset til neste år")])
    consultation = NetworkCase(
        kind=CaseKind.consultation, title_nb=CLOSED_CONSULTATION,
        title_nn="Innspel til strategien for nettverket 2027–2030",
        body_nb="Hva bør nettverket prioritere de neste fire årene?",
        body_nn="Kva bør nettverket prioritere dei neste fire åra?",
        opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=10),
        published_at=now - timedelta(days=61))
    db.session.add_all([vote, consultation])
    db.session.flush()
    answers = {"asker": "Vi ønsker mer samarbeid om mobilitetsdata og felles innkjøp av sensorer.",
               "voss": "Vi ønskjer at nettverket prioriterer innbyggjarinvolvering i distrikta."}
    for slug, text in answers.items():
        municipality, admin = _admin_of(slug)
        if municipality is not None:
            db.session.add(NetworkCaseResponse(
                case_id=consultation.id, municipality_id=municipality.id, text=text,
                cast_by_id=admin.id, cast_at=now - timedelta(days=20)))
    db.session.flush()
    echo("Network cases: an open vote and a closed consultation.")
