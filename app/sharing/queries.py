"""Reads: what other members share (a page of it, filtered), one shared item for the preview,
the credit a copy gives its origin, and who reused an item.

The browse page runs a constant number of queries whatever the number of items: one union over
the three kinds for the page (and one count), then one load per kind with what the cards show
(municipality, goals, questions, projects, sections) loaded in bulk."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for
from sqlalchemy import String, literal, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from app.core.extensions import db
from app.core.i18n import LocalText, localized
from app.core.pagination import Page, page_number, paginate
from app.core.tenancy import MAX_ID
from app.core.vocabulary import SDGS, THEMES
from app.consultations.models import Consultation
from app.municipalities.models import Municipality
from app.municipalities.queries import active_municipalities
from app.sharing.kinds import BY_KEY, BY_SLUG, KINDS, Kind, kind_of
from app.sharing.models import NetworkCopy
from app.surveys.models import Survey, SurveySection
from app.votes.models import Vote

PER_PAGE = 20

#: what a card or the preview shows of each kind, loaded in bulk
_LOAD = {
    "consultation": (joinedload(Consultation.municipality), selectinload(Consultation.questions)),
    "vote": (joinedload(Vote.municipality),),
    "survey": (joinedload(Survey.municipality),
               selectinload(Survey.sections).selectinload(SurveySection.questions)),
}


@dataclass
class Filters:
    theme: str = ""
    sdg: int | None = None
    #: a kind's URL segment ("horing", "avstemning", "undersokelse")
    kind: str = ""
    #: a member's slug
    member: str = ""
    page: int = 1

    @property
    def active(self) -> bool:
        return bool(self.theme or self.sdg or self.kind or self.member)


@dataclass
class Shared:
    """One shared item on the browse page or the preview."""

    kind: Kind
    item: Any

    @property
    def title(self) -> LocalText:
        return title_of(self.item)


def title_of(item) -> LocalText:
    """The item's title in the reader's written form."""
    return localized(item, "title")


def members(municipality) -> list[Municipality]:
    """The other active members, by name: who one can filter by."""
    return [member for member in active_municipalities() if member.id != municipality.id]


def parse_filters(args, member_slugs) -> Filters:
    """Filters from the query string (?tema=&mal=&type=&medlem=&side=); unknown values are
    ignored rather than refused."""
    try:
        sdg = int(args.get("mal", ""))
    except ValueError:
        sdg = None
    theme, kind, member = args.get("tema", ""), args.get("type", ""), args.get("medlem", "")
    return Filters(theme=theme if theme in THEMES else "", sdg=sdg if sdg in SDGS else None,
                   kind=kind if kind in BY_SLUG else "",
                   member=member if member in member_slugs else "", page=page_number(args))


def _visible(kind: Kind, municipality):
    """Shared, published items of `kind` of other active members: another member's drafts
    stay invisible even when shared (they appear once published)."""
    model = kind.model
    return (select(model).join(Municipality, Municipality.id == model.municipality_id)
            .where(model.shared_at.is_not(None), kind.published(),
                   model.municipality_id != municipality.id, Municipality.is_active.is_(True)))


def _ids(kind: Kind, municipality, filters: Filters, member_id: int | None):
    model = kind.model
    query = _visible(kind, municipality).with_only_columns(
        literal(kind.key, String).label("kind"), model.id.label("id"),
        model.shared_at.label("shared_at"))
    if filters.theme:
        query = query.where(model.theme == filters.theme)
    if filters.sdg:
        link = model.sdg_links.property.mapper.class_
        query = query.where(model.sdg_links.any(link.goal == filters.sdg))
    if member_id is not None:
        query = query.where(model.municipality_id == member_id)
    return query


def shared_page(municipality, filters: Filters, member_list: list[Municipality]) -> Page:
    """A page of what other active members share, newest shared first."""
    member_id = next((m.id for m in member_list if m.slug == filters.member), None)
    parts = [_ids(kind, municipality, filters, member_id) for kind in KINDS
             if not filters.kind or kind.slug == filters.kind]
    rows = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery()
    query = select(rows.c.kind, rows.c.id).order_by(rows.c.shared_at.desc(), rows.c.kind,
                                                    rows.c.id.desc())
    page = paginate(query, filters.page, PER_PAGE, scalars=False)
    page.items = _load([(key, item_id) for key, item_id in page.items])
    return page


def _load(keys: list[tuple[str, int]]) -> list[Shared]:
    """The items behind (kind, id) pairs, in that order: one query per kind present."""
    found = {}
    for kind in KINDS:
        ids = [item_id for key, item_id in keys if key == kind.key]
        if ids:
            query = select(kind.model).where(kind.model.id.in_(ids)).options(*_LOAD[kind.key])
            found.update({(kind.key, item.id): item for item in db.session.scalars(query)})
    return [Shared(BY_KEY[key], found[(key, item_id)]) for key, item_id in keys
            if (key, item_id) in found]


def shared_item(kind: Kind, item_id: int, municipality) -> Shared | None:
    """The item another active member shares, for the preview and the copy; None when it does
    not exist, is not shared, is the reader's own, or its member is not active."""
    if not 0 < item_id <= MAX_ID:
        return None
    item = db.session.scalar(_visible(kind, municipality).where(kind.model.id == item_id)
                             .options(*_LOAD[kind.key]))
    return Shared(kind, item) if item is not None else None


# --- credit and reuse -------------------------------------------------------------------------

@dataclass
class Credit:
    """What a copy says of its origin: its title, its municipality and, while the origin is
    published, a link to it."""

    title: LocalText
    municipality: Municipality
    url: str | None


def credit_for(item) -> Credit | None:
    """The origin of a copy made through the network, or None for an item that is no copy."""
    kind = kind_of(item)
    row = db.session.scalar(
        select(NetworkCopy).where(NetworkCopy.kind == kind.key, NetworkCopy.copy_id == item.id,
                                  NetworkCopy.municipality_id == item.municipality_id)
        .options(joinedload(NetworkCopy.source_municipality)).order_by(NetworkCopy.id.desc()))
    if row is None:
        return None
    origin = row.source_municipality
    source = db.session.get(kind.model, row.source_id)
    if source is None or source.municipality_id != origin.id:
        return Credit(LocalText(row.source_title, "nb"), origin, None)
    url = None
    if kind.is_published(source) and origin.is_active:
        url = url_for(kind.public_endpoint, municipality=origin.slug, **{kind.id_arg: source.id})
    return Credit(title_of(source), origin, url)


def reuses_of(item) -> list[NetworkCopy]:
    """Every copy other members made of `item`, oldest first, with the copying municipality."""
    kind = kind_of(item)
    return list(db.session.scalars(
        select(NetworkCopy).where(NetworkCopy.kind == kind.key, NetworkCopy.source_id == item.id,
                                  NetworkCopy.source_municipality_id == item.municipality_id)
        .options(joinedload(NetworkCopy.municipality)).order_by(NetworkCopy.created_at,
                                                                NetworkCopy.id)))
