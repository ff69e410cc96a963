"""Reads: the network's member municipalities."""
from __future__ import annotations

from sqlalchemy import select

from app.core.extensions import db
from app.municipalities.models import Municipality


def active_municipalities() -> list[Municipality]:
    """The municipalities that take part in the network, by name."""
    return list(db.session.scalars(
        select(Municipality).where(Municipality.is_active.is_(True)).order_by(Municipality.name)))


def by_number(number: str) -> Municipality | None:
    """The municipality with this kommunenummer (active or not), or None."""
    return db.session.scalar(select(Municipality).where(Municipality.number == number))
