"""Reading ideas: the public list with filters, sort, full-text search and pagination; themes,
supports, comments and history.

A list page costs the same number of queries whatever its size and however deep: counts live on
the idea, authors' names and images are joined (plain rows, `IdeaCard`), goals come in one
batch, the viewer's supports in one query; pages follow a keyset cursor (app/core/pagination.py), and the total is counted up to
`COUNT_CAP` only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import exists, func, literal_column, select
from sqlalchemy.orm import joinedload, lazyload

from app.core.clock import utcnow
from app.core.extensions import db
from app.core.pagination import (
    AFTER_ARG, BEFORE_ARG, PAGE_ARG, KeysetPage, keyset_paginate, page_number,
)
from app.core.vocabulary import SDGS, THEMES, theme_choices as network_theme_choices
from app.ideas import stemmer
from app.ideas.models import (
    ANSWER_TRANSITIONS, Idea, IdeaComment, IdeaSdg, IdeaStatus, IdeaStatusChange, IdeaSupport,
    MunicipalTheme,
)
from app.moderation.models import ModerationState

SORTS = ("nyeste", "mest-stottet", "mest-diskutert")
PUBLIC_STATUSES = (IdeaStatus.published, IdeaStatus.under_consideration, IdeaStatus.accepted,
                   IdeaStatus.implemented, IdeaStatus.not_pursued)
PER_PAGE = 20
MAX_PER_PAGE = 100
#: the list counts its ideas up to this many ("More than 1 000 ideas"), and the ideas that match
#: a search or filter up to FILTERED_COUNT_CAP: a rare match would otherwise be counted by
#: reading all the municipality's ideas
COUNT_CAP = 1000
FILTERED_COUNT_CAP = 100
#: an author's idea with the same title or text within this time is a duplicate
DUPLICATE_WINDOW = timedelta(days=30)


@dataclass
class IdeaFilters:
    q: str = ""
    theme: str = ""
    sdg: int | None = None
    status: IdeaStatus | None = None
    sort: str = "nyeste"
    #: an old `?side=N` link (paged by offset once; its links are cursors)
    page: int = 1
    per_page: int = PER_PAGE
    after: str = ""
    before: str = ""

    @property
    def active(self) -> bool:
        return bool(self.q or self.theme or self.sdg or self.status)


def _integer(args, name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(args.get(name, default))
    except (TypeError, ValueError):
        return default
    return min(max(value, low), high)


def parse_filters(args, theme_keys) -> IdeaFilters:
    """Filters from the query string (?q=&tema=&mal=&status=&sortering=&antall=, and where
    to start: ?neste= or ?forrige= (a cursor) or an old ?side=); unknown values are ignored
    rather than refused."""
    status = args.get("status", "")
    sdg = _integer(args, "mal", 0, 0, 99)
    return IdeaFilters(
        q=" ".join(args.get("q", "").split())[:200],
        theme=args.get("tema", "") if args.get("tema", "") in theme_keys else "",
        sdg=sdg if sdg in SDGS else None,
        status=IdeaStatus(status) if status in {s.value for s in PUBLIC_STATUSES} else None,
        sort=args.get("sortering") if args.get("sortering") in SORTS else "nyeste",
        page=page_number(args, PAGE_ARG),
        per_page=_integer(args, "antall", PER_PAGE, 1, MAX_PER_PAGE),
        after=args.get(AFTER_ARG, "")[:200], before=args.get(BEFORE_ARG, "")[:200],
    )


def _search(query, q: str):
    if db.session.get_bind().dialect.name == "postgresql":
        tsquery = func.websearch_to_tsquery(literal_column("'norwegian'::regconfig"), q)
        return query.where(Idea.search_document.op("@@")(tsquery))
    for word_stem in dict.fromkeys(stemmer.stems(q)):
        query = query.where(Idea.search_document.like(f"% {word_stem}%"))
    return query


#: each sort's key, all descending, unique by the id last (the keyset of the cursor)
_KEYS = {"nyeste": (Idea.created_at, Idea.id),
         "mest-stottet": (Idea.support_count, Idea.created_at, Idea.id),
         "mest-diskutert": (Idea.comment_count, Idea.created_at, Idea.id)}


@dataclass(frozen=True)
class CardImage:
    id: int
    alt_text: str | None
    width: int | None
    height: int | None


@dataclass(frozen=True)
class CardAuthor:
    display_name: str


@dataclass
class IdeaCard:
    """What an idea's card shows (ideas/_card.html), read as plain rows: loading twenty ideas as
    ORM objects with their author and image cost more than rendering the page around them."""
    id: int
    title: str
    theme: str
    status: IdeaStatus
    created_at: datetime
    support_count: int
    comment_count: int
    author: CardAuthor | None
    image: CardImage | None
    sdgs: list[int] = field(default_factory=list)


def find_ideas(municipality, filters: IdeaFilters) -> KeysetPage:
    """One page of the municipality's published ideas that match, as `IdeaCard`s, after (or
    before) the cursor; and how many match, up to COUNT_CAP. Three queries: the capped count,
    the rows (with author and image joined), their goals."""
    from app.accounts.models import User  # here: accounts imports areas that import this
    from app.files.models import StoredFile

    columns = select(
        Idea.id, Idea.title, Idea.theme, Idea.answer_status, Idea.created_at, Idea.support_count,
        Idea.comment_count, User.display_name, StoredFile.id.label("image_id"),
        StoredFile.alt_text, StoredFile.width, StoredFile.height,
    ).outerjoin(User, User.id == Idea.author_id).outerjoin(StoredFile,
                                                           StoredFile.id == Idea.image_id)
    query = _matching(columns, municipality, filters)
    page = keyset_paginate(query, _KEYS[filters.sort], filters.per_page, after=filters.after,
                           before=filters.before, page=filters.page,
                           cap=FILTERED_COUNT_CAP if filters.active else COUNT_CAP,
                           counted=_matching(select(Idea.id), municipality, filters))
    cards = [IdeaCard(row.id, row.title, row.theme, row.answer_status, row.created_at,
                      row.support_count, row.comment_count,
                      CardAuthor(row.display_name) if row.display_name is not None else None,
                      CardImage(row.image_id, row.alt_text, row.width, row.height)
                      if row.image_id is not None else None) for row in page.items]
    if cards:
        by_id = {card.id: card for card in cards}
        for idea_id, goal in db.session.execute(
                select(IdeaSdg.idea_id, IdeaSdg.goal).where(IdeaSdg.idea_id.in_(by_id))
                .order_by(IdeaSdg.idea_id, IdeaSdg.goal)):
            by_id[idea_id].sdgs.append(goal)
    return replace(page, items=cards)


def _matching(query, municipality, filters: IdeaFilters):
    """`query` narrowed to the municipality's published ideas that match the filters."""
    query = query.where(Idea.municipality_id == municipality.id,
                        Idea.moderation_state == ModerationState.published)
    if filters.theme:
        query = query.where(Idea.theme == filters.theme)
    if filters.status:
        query = query.where(Idea.answer_status == filters.status)
    if filters.sdg:
        query = query.where(exists().where(IdeaSdg.idea_id == Idea.id, IdeaSdg.goal == filters.sdg))
    if filters.q and stemmer.words(filters.q):
        query = _search(query, filters.q)
    return query


# --- maps ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MapIdea:
    """What a marker and its line in the text alternative show."""
    id: int
    title: str
    place_text: str | None
    latitude: float
    longitude: float


def map_ideas(municipality, filters: IdeaFilters, limit: int) -> list[MapIdea]:
    """The newest `limit` of the municipality's published ideas with a point that match the
    filters, newest first (one query, only the columns a marker needs)."""
    query = _matching(select(Idea.id, Idea.title, Idea.place_text, Idea.latitude, Idea.longitude),
                      municipality, filters)
    query = query.where(Idea.latitude.is_not(None), Idea.longitude.is_not(None))
    rows = db.session.execute(query.order_by(Idea.created_at.desc(), Idea.id.desc()).limit(limit))
    return [MapIdea(*row) for row in rows]


def map_centre(municipality) -> tuple[float, float] | None:
    """The middle of the municipality's published ideas with a point (None without any): where
    the idea form's map starts."""
    lat, lon = db.session.execute(select(func.avg(Idea.latitude), func.avg(Idea.longitude)).where(
        Idea.municipality_id == municipality.id, Idea.moderation_state == ModerationState.published,
        Idea.latitude.is_not(None), Idea.longitude.is_not(None))).one()
    return (float(lat), float(lon)) if lat is not None and lon is not None else None


def _without_roles(relationship):
    """Join a user, without loading the roles that a User loads by default (a page that only
    shows names needs none)."""
    from app.accounts.models import User  # here: accounts imports areas that import this

    return joinedload(relationship).options(lazyload(User.memberships))


# --- themes ----------------------------------------------------------------------------------

def municipal_themes(municipality, *, active_only: bool = False) -> list[MunicipalTheme]:
    """The municipality's own themes by name (only those still offered, with `active_only`)."""
    query = select(MunicipalTheme).where(MunicipalTheme.municipality_id == municipality.id)
    if active_only:
        query = query.where(MunicipalTheme.is_active.is_(True))
    return list(db.session.scalars(query.order_by(MunicipalTheme.name)))


def theme_labels(municipality, themes: list[MunicipalTheme] | None = None) -> dict[str, str]:
    """Every theme key an idea of the municipality can have (retired themes too), with its name
    in the current language. `themes`: the municipality's own, when already loaded."""
    labels = {key: str(label) for key, label in THEMES.items()}
    own = municipal_themes(municipality) if themes is None else themes
    labels.update({theme.key: theme.name for theme in own})
    return labels


def theme_label_of(municipality, key: str) -> dict[str, str]:
    """{key: its name}, for one idea's page: no query for a theme of the network."""
    if key in THEMES:
        return {key: str(THEMES[key])}
    return {k: v for k, v in theme_labels(municipality).items() if k == key}


def theme_choices(municipality, themes: list[MunicipalTheme] | None = None
                  ) -> list[tuple[str, str]]:
    """The themes offered for new ideas: the network's, then the municipality's active ones.
    `themes`: the municipality's own (active or not), when already loaded."""
    own = (municipal_themes(municipality, active_only=True) if themes is None
           else [theme for theme in themes if theme.is_active])
    return network_theme_choices() + [(theme.key, theme.name) for theme in own]


# --- one idea --------------------------------------------------------------------------------

def _normalised(text: str) -> str:
    return re.sub(r"\W+", " ", (text or "").casefold()).strip()


def find_duplicate(municipality, author, title: str, body: str) -> Idea | None:
    """The author's own recent idea with the same title or text (not rejected), if any."""
    since = utcnow() - DUPLICATE_WINDOW
    candidates = db.session.scalars(select(Idea).where(
        Idea.municipality_id == municipality.id, Idea.author_id == author.id,
        Idea.created_at >= since, Idea.moderation_state != ModerationState.rejected))
    title_key, body_key = _normalised(title), _normalised(body)
    for idea in candidates:
        if _normalised(idea.title) == title_key or _normalised(idea.body) == body_key:
            return idea
    return None


def next_statuses(idea: Idea) -> list[IdeaStatus]:
    """The answers the municipality can give an idea from where it is."""
    return list(ANSWER_TRANSITIONS.get(idea.answer_status, []))


def supports(user, idea_ids: list[int]) -> set[int]:
    """Of these ideas, the ones the user supports (one query)."""
    if not idea_ids or user is None or not getattr(user, "is_authenticated", False):
        return set()
    return set(db.session.scalars(select(IdeaSupport.idea_id).where(
        IdeaSupport.user_id == user.id, IdeaSupport.idea_id.in_(idea_ids))))


def comments_for(idea: Idea, viewer, staff: bool) -> list[IdeaComment]:
    """The idea's comments the viewer may see, threads in order (replies after their parent),
    with their authors (and the authors' roles, for the municipality's badge) in one batch."""
    query = select(IdeaComment).options(lazyload(IdeaComment.idea)).where(
        IdeaComment.idea_id == idea.id)
    if not staff:
        visible = IdeaComment.moderation_state == ModerationState.published
        if viewer is not None and getattr(viewer, "is_authenticated", False):
            visible = visible | ((IdeaComment.author_id == viewer.id)
                                 & (IdeaComment.moderation_state == ModerationState.pending))
        query = query.where(visible)
    return list(db.session.scalars(query.order_by(IdeaComment.created_at, IdeaComment.id)))


def history_of(idea: Idea) -> list[IdeaStatusChange]:
    """The idea's public history, oldest first, with who answered (joined)."""
    return list(db.session.scalars(select(IdeaStatusChange).options(
        _without_roles(IdeaStatusChange.actor)).where(
        IdeaStatusChange.idea_id == idea.id).order_by(IdeaStatusChange.created_at,
                                                      IdeaStatusChange.id)))
