"""Factories for network cases: `create_case(...)` writes a case in any phase straight to the
database (the services would refuse to backdate one)."""
from __future__ import annotations

from datetime import datetime, timedelta

from app.core.clock import utcnow
from app.core.extensions import db
from app.secretariat.models import CaseKind, NetworkCase, NetworkCaseOption, NetworkCaseResponse

OPTIONS = ("Ja", "Nei", "Vet ikke")


def hours(n: float) -> datetime:
    """Now plus `n` hours (negative: in the past)."""
    return utcnow() + timedelta(hours=n)


#: (opens_at, closes_at, published) for each phase
PHASES = {
    "draft": (lambda: hours(-1), lambda: hours(24), False),
    "scheduled": (lambda: hours(24), lambda: hours(48), True),
    "open": (lambda: hours(-1), lambda: hours(24), True),
    "closed": (lambda: hours(-48), lambda: hours(-1), True),
}


def create_case(kind: CaseKind | str = CaseKind.vote, phase: str = "open", *,
                title: str = "Felles veileder for åpne data", options=OPTIONS,
                title_nn: str | None = None) -> NetworkCase:
    """A network case in `phase` (draft, scheduled, open, closed); a vote gets `options`."""
    kind = CaseKind(kind)
    opens, closes, published = PHASES[phase]
    case = NetworkCase(kind=kind, title_nb=title, title_nn=title_nn,
                       body_nb="Skal nettverket gi ut en felles veileder?", opens_at=opens(),
                       closes_at=closes(), published_at=hours(-2) if published else None)
    if kind is CaseKind.vote:
        case.options = [NetworkCaseOption(position=i, label_nb=label)
                        for i, label in enumerate(options)]
    db.session.add(case)
    db.session.commit()
    return case


def create_response(case: NetworkCase, municipality, user, *, option=None,
                    text: str | None = None) -> NetworkCaseResponse:
    """A member's answer written straight to the database (also in a closed case)."""
    response = NetworkCaseResponse(case_id=case.id, municipality_id=municipality.id,
                                   cast_by_id=user.id if user else None, cast_at=utcnow(),
                                   option_id=option.id if option is not None else None,
                                   text=text if option is None else None)
    db.session.add(response)
    db.session.commit()
    return response


def close(case: NetworkCase) -> None:
    """Move the case's closing time into the past."""
    case.opens_at, case.closes_at = hours(-48), hours(-1)
    db.session.commit()
