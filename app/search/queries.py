"""Searching the index: filters from the query string, one page of hits and the counts per kind,
in a fixed number of queries whatever the size of the network."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.core.extensions import db
from app.core.i18n import WRITTEN_FORMS, LocalText, localized, preferred_written_form
from app.core.pagination import Page, page_number
from app.core.vocabulary import SDGS, THEMES
from app.ideas import stemmer
from app.municipalities.models import Municipality
from app.municipalities.queries import active_municipalities
from app.search.documents import CONFIG
from app.search.kinds import BY_SLUG, KINDS, item_url
from app.search.models import SearchEntry

PER_PAGE = 20
#: a query is cut to this many characters, and to this many words on SQLite
MAX_QUERY = 200
MAX_WORDS = 12
#: kinds whose texts are written in one form only (kept in the `_nb` columns)
SINGLE_FORM = {"idea", "vote"}


@dataclass
class SearchFilters:
    q: str = ""
    municipality: str = ""  #: a slug
    kind: str = ""  #: a key of KINDS
    theme: str = ""
    goal: int | None = None
    page: int = 1

    @property
    def words(self) -> list[str]:
        return stemmer.words(self.q)

    @property
    def narrowed(self) -> bool:
        """Whether any filter besides the kind is set."""
        return bool(self.municipality or self.theme or self.goal)

    @property
    def asked(self) -> bool:
        """Whether there is anything to search for: words, or a filter."""
        return bool(self.words or self.narrowed or self.kind)


def parse_filters(args) -> SearchFilters:
    """Filters from ?q=&kommune=&type=&tema=&mal=&side=; unknown values are ignored."""
    kind = BY_SLUG.get(args.get("type", ""))
    try:
        goal = int(args.get("mal", ""))
    except ValueError:
        goal = None
    slug = args.get("kommune", "")
    return SearchFilters(
        q=" ".join(args.get("q", "").split())[:MAX_QUERY],
        municipality=slug if slug.replace("-", "").isalnum() and len(slug) <= 140 else "",
        kind=kind.key if kind else "",
        theme=args.get("tema", "") if args.get("tema", "") in THEMES else "",
        goal=goal if goal in SDGS else None,
        page=page_number(args),
    )


@dataclass
class Hit:
    kind: str
    label: object
    title: LocalText
    snippet: LocalText | None
    municipality: str
    url: str
    theme: str | None
    goals: list[int] = field(default_factory=list)


@dataclass
class Results:
    page: Page
    #: kind -> number of hits, for every kind (the kind filter left out)
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _tsquery(filters: SearchFilters):
    """Every word, as the start of a word (Norwegian compounds: "sykkel" finds "sykkelveien"):
    `to_tsquery('norwegian', 'sykkel:* & vei:*')`, built from the letters and digits of the
    query only, so no operator or quote a visitor types reaches PostgreSQL's parser."""
    terms = " & ".join(f"{word}:*" for word in filters.words[:MAX_WORDS])
    return func.to_tsquery(CONFIG, terms)


def _text_match(query, filters: SearchFilters):
    """All the words of the query, each as the start of a word in the item's texts, in any
    inflected form: PostgreSQL's `norwegian` configuration, or the same stems on SQLite."""
    if not filters.words:
        return query
    if db.session.get_bind().dialect.name == "postgresql":
        return query.where(SearchEntry.document.op("@@")(_tsquery(filters)))
    for word_stem in list(dict.fromkeys(stemmer.stems(filters.q)))[:MAX_WORDS]:
        query = query.where(SearchEntry.document.like(f"% {word_stem}%"))
    return query


def _filtered(query, filters: SearchFilters):
    query = query.join(Municipality, Municipality.id == SearchEntry.municipality_id).where(
        Municipality.is_active.is_(True))
    if filters.municipality:
        query = query.where(Municipality.slug == filters.municipality)
    if filters.theme:
        query = query.where(SearchEntry.theme == filters.theme)
    if filters.goal:
        query = query.where(SearchEntry.goals.like(f"%,{filters.goal},%"))
    return _text_match(query, filters)


def _order(filters: SearchFilters) -> tuple:
    newest = (SearchEntry.published_at.desc(), SearchEntry.id.desc())
    if filters.words and db.session.get_bind().dialect.name == "postgresql":
        rank = func.ts_rank(SearchEntry.document, _tsquery(filters))
        return (rank.desc(), *newest)
    return newest


def _written_form(municipality: Municipality) -> str:
    return municipality.default_locale if municipality.default_locale in WRITTEN_FORMS else "nb"


def _hit(entry: SearchEntry, municipality: Municipality) -> Hit:
    if entry.kind in SINGLE_FORM:
        lang = _written_form(municipality)
        title = LocalText(entry.title_nb or "", lang)
        snippet = LocalText(entry.snippet_nb, lang) if entry.snippet_nb else None
    else:
        preferred = preferred_written_form()
        title = localized(entry, "title", preferred)
        snippet = localized(entry, "snippet", title.lang) or None
    return Hit(entry.kind, KINDS[entry.kind].label, title, snippet, municipality.name,
               item_url(entry.kind, entry.item_id, municipality.slug), entry.theme,
               [int(goal) for goal in entry.goals.strip(",").split(",") if goal])


def search(filters: SearchFilters, per_page: int = PER_PAGE) -> Results:
    """One page of hits (best first with a query on PostgreSQL, else newest first) and the
    number of hits of each kind: two queries."""
    counted = _filtered(select(SearchEntry.kind, func.count()), filters).group_by(SearchEntry.kind)
    counts = {kind: 0 for kind in KINDS}
    counts.update(dict(db.session.execute(counted).all()))
    total = counts[filters.kind] if filters.kind else sum(counts.values())
    rows = []
    if total > (filters.page - 1) * per_page:
        query = _filtered(select(SearchEntry, Municipality), filters)
        if filters.kind:
            query = query.where(SearchEntry.kind == filters.kind)
        query = query.order_by(*_order(filters)).limit(per_page)
        rows = db.session.execute(query.offset((filters.page - 1) * per_page)).all()
    return Results(Page([_hit(e, m) for e, m in rows], total, filters.page, per_page), counts)


def member_choices() -> list[tuple[str, str]]:
    """(slug, name) of every active municipality, by name."""
    return [(member.slug, member.name) for member in active_municipalities()]
