"""Finding ideas: the public list with filters, sort, full-text search and pagination.

A page costs the same number of queries whatever its size: counts live on the idea, authors
are joined, goals come in one batch, and the viewer's supports in one query.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import exists, func, literal_column, select

from app.core.extensions import db
from app.ideas import stemmer
from app.ideas.models import Idea, IdeaSdg, IdeaStatus
from app.moderation.models import ModerationState

SORTS = ("nyeste", "mest-stottet", "mest-diskutert")
PUBLIC_STATUSES = (IdeaStatus.published, IdeaStatus.under_consideration, IdeaStatus.accepted,
                   IdeaStatus.implemented, IdeaStatus.not_pursued)
PER_PAGE = 20
MAX_PER_PAGE = 100


@dataclass
class IdeaFilters:
    q: str = ""
    theme: str = ""
    sdg: int | None = None
    status: IdeaStatus | None = None
    sort: str = "nyeste"
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def active(self) -> bool:
        return bool(self.q or self.theme or self.sdg or self.status)


@dataclass
class IdeaPage:
    ideas: list[Idea]
    total: int
    filters: IdeaFilters
    supported: set[int] = field(default_factory=set)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.filters.per_page))


def parse_filters(args, theme_keys) -> IdeaFilters:
    """Filters from the query string (?q=&tema=&mal=&status=&sortering=&side=&antall=);
    unknown values are ignored rather than refused."""
    def integer(name, default, low, high):
        try:
            value = int(args.get(name, default))
        except (TypeError, ValueError):
            return default
        return min(max(value, low), high)

    status = args.get("status", "")
    sdg = integer("mal", 0, 0, 99)
    sdg = sdg if 1 <= sdg <= 17 else None
    return IdeaFilters(
        q=" ".join(args.get("q", "").split())[:200],
        theme=args.get("tema", "") if args.get("tema", "") in theme_keys else "",
        sdg=sdg,
        status=IdeaStatus(status) if status in {s.value for s in PUBLIC_STATUSES} else None,
        sort=args.get("sortering") if args.get("sortering") in SORTS else "nyeste",
        page=integer("side", 1, 1, 100_000),
        per_page=integer("antall", PER_PAGE, 1, MAX_PER_PAGE),
    )


def _search(query, q: str):
    if db.session.get_bind().dialect.name == "postgresql":
        tsquery = func.websearch_to_tsquery(literal_column("'norwegian'::regconfig"), q)
        return query.where(Idea.search_document.op("@@")(tsquery))
    for word_stem in dict.fromkeys(stemmer.stems(q)):
        query = query.where(Idea.search_document.like(f"% {word_stem}%"))
    return query


def find_ideas(municipality, filters: IdeaFilters) -> tuple[list[Idea], int]:
    """One page of the municipality's published ideas and the total that match."""
    query = select(Idea).where(Idea.municipality_id == municipality.id,
                               Idea.moderation_state == ModerationState.published)
    if filters.theme:
        query = query.where(Idea.theme == filters.theme)
    if filters.status:
        query = query.where(Idea.answer_status == filters.status)
    if filters.sdg:
        query = query.where(exists().where(IdeaSdg.idea_id == Idea.id, IdeaSdg.goal == filters.sdg))
    if filters.q and stemmer.words(filters.q):
        query = _search(query, filters.q)
    total = db.session.scalar(select(func.count()).select_from(
        query.with_only_columns(Idea.id).order_by(None).subquery())) or 0
    order = {"nyeste": (Idea.created_at.desc(), Idea.id.desc()),
             "mest-stottet": (Idea.support_count.desc(), Idea.created_at.desc(), Idea.id.desc()),
             "mest-diskutert": (Idea.comment_count.desc(), Idea.created_at.desc(), Idea.id.desc())}
    page = db.session.scalars(query.order_by(*order[filters.sort]).limit(filters.per_page)
                              .offset((filters.page - 1) * filters.per_page)).unique().all()
    return list(page), total
