"""Reading ideas: the public list with filters, sort, full-text search and pagination; themes,
supports, comments and history.

A list page costs the same number of queries whatever its size: counts live on the idea, authors
are joined, goals come in one batch, and the viewer's supports in one query.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import exists, func, literal_column, select

from app.core.clock import utcnow
from app.core.extensions import db
from app.core.pagination import Page, page_number, paginate
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
#: an author's idea with the same title or text within this time is a duplicate
DUPLICATE_WINDOW = timedelta(days=30)


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


def _integer(args, name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(args.get(name, default))
    except (TypeError, ValueError):
        return default
    return min(max(value, low), high)


def parse_filters(args, theme_keys) -> IdeaFilters:
    """Filters from the query string (?q=&tema=&mal=&status=&sortering=&side=&antall=);
    unknown values are ignored rather than refused."""
    status = args.get("status", "")
    sdg = _integer(args, "mal", 0, 0, 99)
    return IdeaFilters(
        q=" ".join(args.get("q", "").split())[:200],
        theme=args.get("tema", "") if args.get("tema", "") in theme_keys else "",
        sdg=sdg if sdg in SDGS else None,
        status=IdeaStatus(status) if status in {s.value for s in PUBLIC_STATUSES} else None,
        sort=args.get("sortering") if args.get("sortering") in SORTS else "nyeste",
        page=page_number(args),
        per_page=_integer(args, "antall", PER_PAGE, 1, MAX_PER_PAGE),
    )


def _search(query, q: str):
    if db.session.get_bind().dialect.name == "postgresql":
        tsquery = func.websearch_to_tsquery(literal_column("'norwegian'::regconfig"), q)
        return query.where(Idea.search_document.op("@@")(tsquery))
    for word_stem in dict.fromkeys(stemmer.stems(q)):
        query = query.where(Idea.search_document.like(f"% {word_stem}%"))
    return query


_ORDER = {"nyeste": (Idea.created_at.desc(), Idea.id.desc()),
          "mest-stottet": (Idea.support_count.desc(), Idea.created_at.desc(), Idea.id.desc()),
          "mest-diskutert": (Idea.comment_count.desc(), Idea.created_at.desc(), Idea.id.desc())}


def find_ideas(municipality, filters: IdeaFilters) -> Page:
    """One page of the municipality's published ideas that match, with their total."""
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
    return paginate(query.order_by(*_ORDER[filters.sort]), filters.page, filters.per_page)


# --- themes ----------------------------------------------------------------------------------

def municipal_themes(municipality, *, active_only: bool = False) -> list[MunicipalTheme]:
    """The municipality's own themes by name (only those still offered, with `active_only`)."""
    query = select(MunicipalTheme).where(MunicipalTheme.municipality_id == municipality.id)
    if active_only:
        query = query.where(MunicipalTheme.is_active.is_(True))
    return list(db.session.scalars(query.order_by(MunicipalTheme.name)))


def theme_labels(municipality) -> dict[str, str]:
    """Every theme key an idea of the municipality can have (retired themes too), with its name
    in the current language."""
    labels = {key: str(label) for key, label in THEMES.items()}
    labels.update({theme.key: theme.name for theme in municipal_themes(municipality)})
    return labels


def theme_choices(municipality) -> list[tuple[str, str]]:
    """The themes offered for new ideas: the network's, then the municipality's active ones."""
    return network_theme_choices() + [
        (theme.key, theme.name) for theme in municipal_themes(municipality, active_only=True)]


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
    """The idea's comments the viewer may see, threads in order (replies after their parent)."""
    query = select(IdeaComment).where(IdeaComment.idea_id == idea.id)
    if not staff:
        visible = IdeaComment.moderation_state == ModerationState.published
        if viewer is not None and getattr(viewer, "is_authenticated", False):
            visible = visible | ((IdeaComment.author_id == viewer.id)
                                 & (IdeaComment.moderation_state == ModerationState.pending))
        query = query.where(visible)
    return list(db.session.scalars(query.order_by(IdeaComment.created_at, IdeaComment.id)))


def history_of(idea: Idea) -> list[IdeaStatusChange]:
    """The idea's public history, oldest first."""
    return list(db.session.scalars(select(IdeaStatusChange).where(
        IdeaStatusChange.idea_id == idea.id).order_by(IdeaStatusChange.created_at,
                                                      IdeaStatusChange.id)))
