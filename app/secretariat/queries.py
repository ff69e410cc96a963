"""The secretariat's reads: municipalities, the members' activity, the theme matrix, network
cases with their progress and results. Each in a fixed number of queries, whatever the number of
members or items."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import case as when, func, literal, or_, select, union_all
from sqlalchemy.orm import joinedload

from app.accounts.models import User
from app.consultations.models import Consultation, ConsultationAnswer
from app.core.clock import aware, utcnow
from app.core.extensions import db
from app.core.pagination import Page, paginate
from app.core.vocabulary import THEMES
from app.ideas.models import Idea
from app.moderation.models import ModerationState
from app.municipalities.importer import slugify
from app.municipalities.models import Municipality
from app.municipalities.queries import active_municipalities
from app.secretariat.models import NetworkCase, NetworkCaseResponse
from app.surveys.models import Survey, SurveyResponse, SurveyStatus
from app.votes.models import Ballot, Vote

#: how far back "recent" activity reaches
RECENT_DAYS = 30
PER_PAGE = 25
#: the membership filter on the dashboard: ?vis=
SHOWS = ("alle", "medlemmer", "andre")


# --- municipalities --------------------------------------------------------------------------

def municipalities(q: str, show: str, page: int) -> Page:
    """Imported municipalities matching `q` (name, Sami name, county or number; æ, ø, å also
    as ae, o, a), members or not (`show`), by name: one page of them."""
    query = select(Municipality).order_by(Municipality.name, Municipality.number)
    if show == "medlemmer":
        query = query.where(Municipality.is_active.is_(True))
    elif show == "andre":
        query = query.where(Municipality.is_active.is_(False))
    q = q.strip()[:100]
    if q:
        conditions = [Municipality.name.icontains(q, autoescape=True),
                      Municipality.official_name.icontains(q, autoescape=True),
                      Municipality.county.icontains(q, autoescape=True),
                      Municipality.number == q]
        if slugify(q):
            conditions.append(Municipality.slug.contains(slugify(q), autoescape=True))
        query = query.where(or_(*conditions))
    return paginate(query, page, PER_PAGE)


def membership_counts() -> dict[bool, int]:
    """How many imported municipalities are members (True) and not (False)."""
    rows = db.session.execute(select(Municipality.is_active, func.count())
                              .group_by(Municipality.is_active))
    counts = {True: 0, False: 0}
    for active, count in rows:
        counts[bool(active)] = count
    return counts


# --- activity --------------------------------------------------------------------------------

@dataclass
class Activity:
    """One member's activity: each count in total and in the last RECENT_DAYS days."""

    municipality: Municipality
    ideas: int = 0
    ideas_recent: int = 0
    consultations: int = 0
    consultations_recent: int = 0
    consultations_open: int = 0
    consultations_concluded: int = 0
    votes: int = 0
    votes_recent: int = 0
    surveys: int = 0
    surveys_recent: int = 0
    last_activity: datetime | None = None

    def seen(self, moment) -> None:
        moment = aware(moment)
        if moment is not None and (self.last_activity is None or moment > self.last_activity):
            self.last_activity = moment


def _recent(column, since):
    return func.coalesce(func.sum(when((column >= since, 1), else_=0)), 0)


def activity(now: datetime | None = None) -> list[Activity]:
    """Each member's published ideas, consultations (open now, concluded), votes and surveys, in
    total and in the last RECENT_DAYS days, and its last activity (the latest of these and of
    its residents' answers, ballots and survey responses). Six queries, whatever the numbers."""
    now = aware(now) or utcnow()
    since = now - timedelta(days=RECENT_DAYS)
    rows = {m.id: Activity(m) for m in active_municipalities()}
    if not rows:
        return []
    ids = list(rows)
    published_idea = (Idea.municipality_id.in_(ids),
                      Idea.moderation_state == ModerationState.published)
    for mid, total, recent, last in db.session.execute(
            select(Idea.municipality_id, func.count(), _recent(Idea.created_at, since),
                   func.max(Idea.created_at)).where(*published_idea).group_by(Idea.municipality_id)):
        row = rows[mid]
        row.ideas, row.ideas_recent = total, recent
        row.seen(last)
    _add_consultations(rows, ids, since, now)
    for mid, total, recent, last in db.session.execute(
            select(Vote.municipality_id, func.count(), _recent(Vote.published_at, since),
                   func.max(Vote.published_at))
            .where(Vote.municipality_id.in_(ids), Vote.published_at.is_not(None))
            .group_by(Vote.municipality_id)):
        rows[mid].votes, rows[mid].votes_recent = total, recent
        rows[mid].seen(last)
    started = func.coalesce(Survey.opens_at, Survey.created_at)
    for mid, total, recent, last in db.session.execute(
            select(Survey.municipality_id, func.count(),
                   func.coalesce(func.sum(when(((started >= since) & (started <= now), 1),
                                               else_=0)), 0),
                   func.max(Survey.created_at))
            .where(Survey.municipality_id.in_(ids), Survey.status == SurveyStatus.published)
            .group_by(Survey.municipality_id)):
        rows[mid].surveys, rows[mid].surveys_recent = total, recent
        rows[mid].seen(last)
    _add_participation(rows, ids)
    return list(rows.values())


def _add_consultations(rows: dict, ids: list[int], since: datetime, now: datetime) -> None:
    is_open = (Consultation.opens_at <= now) & (Consultation.closes_at >= now)
    for mid, total, recent, open_now, concluded, last in db.session.execute(
            select(Consultation.municipality_id, func.count(),
                   _recent(Consultation.published_at, since),
                   func.coalesce(func.sum(when((is_open, 1), else_=0)), 0),
                   func.count(Consultation.concluded_at),
                   func.max(Consultation.published_at))
            .where(Consultation.municipality_id.in_(ids), Consultation.published_at.is_not(None))
            .group_by(Consultation.municipality_id)):
        row = rows[mid]
        row.consultations, row.consultations_recent = total, recent
        row.consultations_open, row.consultations_concluded = open_now, concluded
        row.seen(last)


def _add_participation(rows: dict, ids: list[int]) -> None:
    """The latest answer, ballot or survey response in each member: one query."""
    moments = union_all(
        select(ConsultationAnswer.municipality_id.label("mid"),
               ConsultationAnswer.created_at.label("at"))
        .where(ConsultationAnswer.municipality_id.in_(ids)),
        select(Ballot.municipality_id, Ballot.updated_at).where(Ballot.municipality_id.in_(ids)),
        select(SurveyResponse.municipality_id, SurveyResponse.submitted_at)
        .where(SurveyResponse.municipality_id.in_(ids)),
    ).subquery()
    for mid, last in db.session.execute(select(moments.c.mid, func.max(moments.c.at))
                                        .group_by(moments.c.mid)):
        rows[mid].seen(last)


# --- themes ----------------------------------------------------------------------------------

@dataclass
class ThemeMatrix:
    """Published items per member and theme (ideas, consultations, votes and surveys)."""

    members: list[Municipality]
    counts: dict[tuple[int, str], int] = field(default_factory=dict)

    def count(self, municipality_id: int, theme: str) -> int:
        return self.counts.get((municipality_id, theme), 0)

    def member_total(self, municipality_id: int) -> int:
        return sum(self.count(municipality_id, key) for key in THEMES)

    def theme_total(self, theme: str) -> int:
        return sum(self.count(m.id, theme) for m in self.members)

    @property
    def total(self) -> int:
        return sum(self.theme_total(key) for key in THEMES)


def theme_matrix() -> ThemeMatrix:
    """How many published items each member has in each of the network's themes: two queries
    (the members, and one count over the four areas). A municipality's own idea themes are not
    network themes and are left out."""
    members = active_municipalities()
    ids = [m.id for m in members]
    items = union_all(
        select(Idea.municipality_id.label("mid"), Idea.theme.label("theme"))
        .where(Idea.moderation_state == ModerationState.published),
        select(Consultation.municipality_id, Consultation.theme)
        .where(Consultation.published_at.is_not(None)),
        select(Vote.municipality_id, Vote.theme).where(Vote.published_at.is_not(None)),
        select(Survey.municipality_id, Survey.theme).where(Survey.status == SurveyStatus.published),
    ).subquery()
    matrix = ThemeMatrix(members)
    if ids:
        for mid, theme, count in db.session.execute(
                select(items.c.mid, items.c.theme, func.count())
                .where(items.c.mid.in_(ids), items.c.theme.in_(list(THEMES)))
                .group_by(items.c.mid, items.c.theme)):
            matrix.counts[(mid, theme)] = count
    return matrix


# --- network cases ---------------------------------------------------------------------------

def cases(include_drafts: bool, page: int) -> Page:
    """Network cases, open and upcoming first by closing time, then the closed ones, newest
    first; drafts only for the secretariat."""
    now = utcnow()
    query = select(NetworkCase)
    if not include_drafts:
        query = query.where(NetworkCase.published_at.is_not(None))
    query = query.order_by(when((NetworkCase.closes_at > literal(now), 0), else_=1),
                           when((NetworkCase.closes_at > literal(now), NetworkCase.closes_at)),
                           NetworkCase.closes_at.desc(), NetworkCase.id.desc())
    return paginate(query, page, PER_PAGE)


def answered_counts(case_ids: list[int]) -> dict[int, int]:
    """How many members have answered each case: one query."""
    if not case_ids:
        return {}
    return dict(db.session.execute(
        select(NetworkCaseResponse.case_id, func.count()).where(
            NetworkCaseResponse.case_id.in_(case_ids)).group_by(NetworkCaseResponse.case_id)).all())


def answered_by(case_ids: list[int], municipality_ids: list[int]) -> set[tuple[int, int]]:
    """(case id, municipality id) for each of these members that has answered these cases."""
    if not case_ids or not municipality_ids:
        return set()
    return set(db.session.execute(
        select(NetworkCaseResponse.case_id, NetworkCaseResponse.municipality_id).where(
            NetworkCaseResponse.case_id.in_(case_ids),
            NetworkCaseResponse.municipality_id.in_(municipality_ids))).all())


@dataclass
class CaseResults:
    """A case's answers: one row per member that answered, the members still to answer, and for
    a vote the ballots per option."""

    case: NetworkCase
    responses: list[NetworkCaseResponse]
    waiting: list[Municipality]
    tally: Counter

    @property
    def answered(self) -> int:
        return len(self.responses)

    @property
    def eligible(self) -> int:
        """Members that could answer: the members now, and any former member that answered."""
        return self.answered + len(self.waiting)

    def votes_for(self, option) -> int:
        return self.tally.get(option.id, 0)


def case_results(case: NetworkCase) -> CaseResults:
    """Every member's answer in `case` and who has not answered yet: two queries."""
    # the name of who cast it is enough: not that account's memberships (a query more)
    responses = list(db.session.scalars(
        select(NetworkCaseResponse).options(
            joinedload(NetworkCaseResponse.cast_by).lazyload(User.memberships))
        .where(NetworkCaseResponse.case_id == case.id)
        .join(NetworkCaseResponse.municipality).order_by(Municipality.name)))
    answered = {response.municipality_id for response in responses}
    waiting = [m for m in active_municipalities() if m.id not in answered]
    tally = Counter(response.option_id for response in responses if response.option_id)
    return CaseResults(case, responses, waiting, tally)


def responses_of(case: NetworkCase, municipalities) -> dict[int, NetworkCaseResponse]:
    """The answers of these municipalities in `case`, by municipality id: one query."""
    ids = [m.id for m in municipalities]
    if not ids:
        return {}
    return {response.municipality_id: response for response in db.session.scalars(
        select(NetworkCaseResponse).options(
            joinedload(NetworkCaseResponse.cast_by).lazyload(User.memberships)).where(NetworkCaseResponse.case_id == case.id,
                                          NetworkCaseResponse.municipality_id.in_(ids)))}


def open_case_count(municipalities) -> int:
    """Open cases that at least one of these members has not answered (for a link's badge)."""
    ids = [m.id for m in municipalities]
    if not ids:
        return 0
    now = utcnow()
    open_cases = db.session.scalars(select(NetworkCase.id).where(
        NetworkCase.published_at.is_not(None), NetworkCase.opens_at <= now,
        NetworkCase.closes_at > now)).all()
    done = answered_by(list(open_cases), ids)
    return sum(1 for case_id in open_cases if any((case_id, mid) not in done for mid in ids))

