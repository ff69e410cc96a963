"""Writes: share an item with the network, stop sharing it, copy another member's shared item.

What is shared is the structure and the texts, never what residents made: each item area's
copy function (`copy_consultation`, `copy_vote`, `copy_survey`) decides field by field, and
the copy is always an unpublished, unshared draft of the municipality that copies. Services
flush and write the audit log; the view commits."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core import audit
from app.core.clock import utcnow
from app.core.errors import ServiceError
from app.core.extensions import db
from app.sharing.kinds import kind_of
from app.sharing.models import NetworkCopy


class SharingError(ServiceError):
    """A share or copy that cannot be made; the message is safe to show."""


def share_item(item, actor, municipality) -> None:
    """Offer `item` (a consultation, vote or survey of `municipality`) to the other members.
    A draft may be marked shared; the others see it once it is published. Refuses an item
    already shared."""
    if item.is_shared:
        raise SharingError(str(_l("It is already shared with the network.")))
    item.shared_at = utcnow()
    db.session.flush()
    audit.record(f"{kind_of(item).key}.shared", item, actor=actor, municipality=municipality)


def unshare_item(item, actor, municipality) -> None:
    """Stop offering `item` to the network (copies already made stay with those who made
    them). Refuses an item that is not shared."""
    if not item.is_shared:
        raise SharingError(str(_l("It is not shared with the network.")))
    before = {"shared_at": item.shared_at.isoformat()}
    item.shared_at = None
    db.session.flush()
    audit.record(f"{kind_of(item).key}.unshared", item, actor=actor, municipality=municipality,
                 before=before)


def copy_item(source, actor, municipality):
    """Copy `source` (another active member's shared item: the caller found it through
    `queries.shared_item`) into `municipality` as a draft, and record the copy. Refuses the
    municipality's own item and one that is not shared. Returns the new draft."""
    kind = kind_of(source)
    if not source.is_shared or source.municipality_id == municipality.id:
        raise SharingError(str(_l("Only what another member shares can be copied.")))
    copy = kind.copy(source, actor, municipality)
    record = NetworkCopy(municipality_id=municipality.id, kind=kind.key, source_id=source.id,
                         source_municipality_id=source.municipality_id,
                         source_title=kind.plain_title(source)[:200], copy_id=copy.id,
                         copied_by_id=getattr(actor, "id", None))
    db.session.add(record)
    db.session.flush()
    audit.record("network.copied", record, actor=actor, municipality=municipality,
                 after={"kind": kind.key, "source_id": source.id, "copy_id": copy.id,
                        "source_municipality_id": source.municipality_id})
    return copy
