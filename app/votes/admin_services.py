"""Managing votes and their projects (municipal admins). Every change goes to the audit log.

Once a vote has opened its rules are fixed: method, window start, budget, minimum share,
maximum choices, eligibility and the projects with their costs. Texts can still be corrected,
and the vote can be kept open longer. A closed vote keeps its results: only texts change.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select

from app.accounts.models import User
from app.core import audit, follows
from app.core.clock import aware, oslo_to_utc, to_oslo, utcnow
from app.core.drafting import (
    OTHER_FORM, DraftError, check_publishable, draft_other_form, mark_reviewed,
)
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.vocabulary import clean_sdgs, is_theme
from app.files.services import save_image
from app.municipalities.models import Municipality
from app.votes.models import Ballot, BallotChoice, Project, Vote, VoteMethod, VotePhase

#: the fields fixed once a vote has opened
RULE_FIELDS = ("method", "opens_at", "max_choices", "budget", "min_budget_share", "eligibility")
#: the texts, in bokmål and nynorsk: changeable in every phase
TEXT_FIELDS = ("title_nb", "title_nn", "description_nb", "description_nn")
#: the network theme and goals: changeable in every phase, like the texts
TAG_FIELDS = ("theme", "sdgs")
MAX_PROJECTS = 100
follows.register(Vote, "vote", "tenant.votes.detail", "vote_id", is_public=lambda vote: vote.is_published, timed=("opened", "closed"))
#: a copy from the network opens this long after it is made, and stays open as long as its
#: source did (at least MIN_COPY_DAYS)
COPY_OPENS_IN = timedelta(days=14)
MIN_COPY_DAYS = 7


class VoteError(ServiceError):
    """A change to a vote that cannot be made; the message is safe to show to the admin."""


def _snapshot(obj, fields) -> dict:
    result = {}
    for name in fields:
        value = getattr(obj, name)
        if hasattr(value, "value"):
            value = value.value
        elif isinstance(value, datetime):
            value = aware(value).isoformat()
        result[name] = value
    return result


VOTE_FIELDS = TEXT_FIELDS + TAG_FIELDS + RULE_FIELDS + ("closes_at", "results_live")
PROJECT_FIELDS = TEXT_FIELDS + ("cost", "theme", "sdgs", "place", "image_id")


def _check_texts(data: dict, what: str) -> None:
    """Refuses (VoteError) a vote or project with no title in either written form."""
    for name in TEXT_FIELDS:
        if name in data:
            data[name] = (data[name] or "").strip() or None
    if not (data.get("title_nb") or data.get("title_nn")):
        raise VoteError(_("Give the vote a title in bokmål, nynorsk or both.") if what == "vote"
                        else _("Give the project a title in bokmål, nynorsk or both."),
                        field="title_nb")


def _normalise(data: dict) -> dict:
    data = dict(data)
    if data.get("method") is not VoteMethod.approval:
        data["max_choices"] = None
    if data.get("method") is not VoteMethod.budget:
        data["budget"] = None
        data["min_budget_share"] = None
    data["min_budget_share"] = data.get("min_budget_share") or None
    data["theme"] = data.get("theme") or None
    if data["theme"] is not None and not is_theme(data["theme"]):
        raise VoteError(_("Choose a theme from the list."))
    data["sdgs"] = clean_sdgs(data.get("sdgs"))
    _check_texts(data, "vote")
    return data


def create_vote(municipality, actor, data: dict) -> Vote:
    """A new draft vote in `municipality`; flushes and logs, never commits."""
    data = _normalise(data)
    vote = Vote(municipality_id=municipality.id, created_by_id=actor.id,
                **{name: data.get(name) for name in VOTE_FIELDS})
    db.session.add(vote)
    db.session.flush()
    audit.record("vote.created", vote, actor=actor, municipality=municipality,
                 after=_snapshot(vote, VOTE_FIELDS))
    return vote


def allowed_vote_fields(vote: Vote, now: datetime | None = None) -> tuple[str, ...]:
    """The fields an admin may still change in this phase of the vote."""
    phase = vote.phase_at(now)
    if phase is VotePhase.closed:
        return TEXT_FIELDS + TAG_FIELDS
    if phase is VotePhase.open:
        return TEXT_FIELDS + TAG_FIELDS + ("closes_at", "results_live")
    return VOTE_FIELDS


def update_vote(vote: Vote, actor, data: dict, now: datetime | None = None) -> bool:
    """Change a vote; True when something changed. Flushes and logs, never commits.

    Refuses (VoteError) a change to a rule once the vote has opened, and a closing time in the
    past for an open vote.
    """
    data = _normalise({**_snapshot_raw(vote), **data})
    allowed = allowed_vote_fields(vote, now)
    changed = [name for name in VOTE_FIELDS if _differs(getattr(vote, name), data.get(name))]
    locked = [name for name in changed if name not in allowed]
    if locked:
        raise VoteError(_("The vote has opened, so its rules can no longer be changed."))
    if "closes_at" in changed and vote.phase_at(now) is VotePhase.open \
            and aware(data["closes_at"]) <= (aware(now) or utcnow()):
        raise VoteError(_("The closing time must be in the future while the vote is open."))
    if not changed:
        return False
    before = _snapshot(vote, changed)
    for name in changed:
        setattr(vote, name, data[name])
    db.session.flush()
    audit.record("vote.updated", vote, actor=actor, municipality=vote_municipality_of(vote),
                 before=before, after=_snapshot(vote, changed))
    return True


def _snapshot_raw(vote: Vote) -> dict:
    return {name: getattr(vote, name) for name in VOTE_FIELDS}


def _differs(old, new) -> bool:
    if isinstance(old, datetime) or isinstance(new, datetime):
        return aware(old) != aware(new)
    return old != new


def vote_municipality_of(vote: Vote) -> Municipality:
    """The municipality that owns `vote` (for the audit log and stored images)."""
    return db.session.get(Municipality, vote.municipality_id)


def publication_problems(vote: Vote, now: datetime | None = None) -> list[str]:
    """What stops a draft from being published (empty when it can be)."""
    problems = []
    if vote.needs_review:
        problems.append(_("Read through the machine-translated text and confirm it before you "
                          "publish."))
    if len(vote.projects) < 2:
        problems.append(_("Add at least two projects."))
    if vote.closes_at <= (aware(now) or utcnow()):
        problems.append(_("The closing time has passed. Choose a later closing time."))
    if vote.method is VoteMethod.budget and vote.projects:
        if min(project.cost for project in vote.projects) > (vote.budget or 0):
            problems.append(_("Every project costs more than the budget."))
        if sum(project.cost for project in vote.projects) < vote.min_budget_amount:
            problems.append(_("All the projects together cost less than the minimum a ballot "
                              "must use. Lower the minimum share or add projects."))
    return problems


def publish_vote(vote: Vote, actor, now: datetime | None = None) -> None:
    """Publish a draft so residents see it (and can vote once it opens); makes its images public.

    Refuses (VoteError) a vote that is already published or has publication problems, and
    (DraftError) one whose machine-drafted texts nobody has reviewed.
    """
    if vote.is_published:
        raise VoteError(_("The vote is already published."))
    check_publishable(vote)
    problems = publication_problems(vote, now)
    if problems:
        raise VoteError(" ".join(problems))
    vote.published_at = aware(now) or utcnow()
    for project in vote.projects:
        if project.image is not None:
            project.image.is_public = True
    db.session.flush()
    audit.record("vote.published", vote, actor=actor, municipality=vote_municipality_of(vote))


def unpublish_vote(vote: Vote, actor, now: datetime | None = None) -> None:
    """Make a published vote a draft again; refuses (VoteError) once it has opened."""
    if vote.phase_at(now) is not VotePhase.upcoming:
        raise VoteError(_("Only a vote that has not opened yet can be made a draft again."))
    vote.published_at = None
    db.session.flush()
    audit.record("vote.unpublished", vote, actor=actor, municipality=vote_municipality_of(vote))


def delete_vote(vote: Vote, actor, now: datetime | None = None) -> None:
    """Delete a vote that has not opened; refuses (VoteError) one that has, or has ballots."""
    has_ballots = db.session.scalar(select(Ballot.id).where(Ballot.vote_id == vote.id).limit(1))
    if vote.has_started or has_ballots:
        raise VoteError(_("A vote that has opened cannot be deleted: its ballots are kept."))
    municipality = vote_municipality_of(vote)
    audit.record("vote.deleted", vote, actor=actor, municipality=municipality,
                 before=_snapshot(vote, VOTE_FIELDS))
    db.session.delete(vote)
    db.session.flush()


def _texts(vote: Vote) -> list[tuple[object, str]]:
    """Every (object, field) of a vote's bilingual texts: its own and its projects'."""
    return [(obj, field) for obj in (vote, *vote.projects) for field in ("title", "description")]


def draft_source(vote: Vote) -> str | None:
    """The written form to draft the other from: the one with texts the other lacks (the more
    of them, if both lack some; the vote's title decides a tie). None when nothing is missing."""
    gaps = {form: sum(1 for obj, field in _texts(vote)
                      if (getattr(obj, f"{field}_{form}") or "").strip()
                      and not (getattr(obj, f"{field}_{OTHER_FORM[form]}") or "").strip())
            for form in OTHER_FORM}
    if not any(gaps.values()):
        return None
    if gaps["nb"] == gaps["nn"]:
        return "nb" if (vote.title_nb or "").strip() else "nn"
    return max(gaps, key=gaps.get)


def draft_vote_texts(vote: Vote, actor) -> int:
    """Fill the other written form's empty texts of the vote and all its projects with a machine
    translation; returns how many texts were drafted. The vote is then an unreviewed machine draft and
    cannot be published until an admin has reviewed it. Refuses (DraftError) when there is no
    engine, nothing to translate, or the vote is published (residents would read the draft
    unreviewed). Flushes and logs, never commits."""
    if vote.is_published:
        raise DraftError(_("A published vote cannot get a machine draft: residents would read it "
                           "before anyone has reviewed it. Write the text yourself, or make the "
                           "vote a draft again first."))
    source = draft_source(vote) or "nb"
    before = _snapshot(vote, TEXT_FIELDS)
    drafted = draft_other_form(vote, _texts(vote), source)
    db.session.flush()
    audit.record("vote.machine_drafted", vote, actor=actor, municipality=vote_municipality_of(vote),
                 before=before, after={**_snapshot(vote, TEXT_FIELDS), "source": source,
                                       "target": OTHER_FORM[source], "fields": drafted})
    return drafted


def draft_reviewer(vote: Vote) -> User | None:
    """The admin who reviewed the machine draft (None if nobody has, or the account is gone)."""
    return db.session.get(User, vote.draft_reviewed_by_id) if vote.draft_reviewed_by_id else None


def review_vote_draft(vote: Vote, actor) -> None:
    """Record that `actor` has read (and corrected) the machine-drafted texts: who and when.
    Refuses (DraftError) when there is no machine draft. Flushes and logs, never commits."""
    mark_reviewed(vote, actor)
    db.session.flush()
    audit.record("vote.draft_reviewed", vote, actor=actor, municipality=vote_municipality_of(vote),
                 after={"machine_drafted": vote.machine_drafted})


def _check_project_change(vote: Vote, now, cost_changes: bool) -> None:
    if vote.phase_at(now) is VotePhase.closed:
        raise VoteError(_("The vote has closed, so its projects can no longer be changed."))
    if cost_changes and vote.has_started:
        raise VoteError(_("The vote has opened, so projects cannot be added or removed and "
                          "their costs cannot be changed."))


def _attach_image(project: Project, vote: Vote, actor, image, alt_text: str | None) -> None:
    if image is not None and getattr(image, "filename", ""):
        stored = save_image(image, vote_municipality_of(vote), actor, alt_text or "")
        stored.is_public = vote.is_published
        project.image_id = stored.id
        project.image = stored
    elif project.image is not None and alt_text and alt_text.strip():
        project.image.alt_text = alt_text.strip()[:300]


def add_project(vote: Vote, actor, data: dict, image=None, now: datetime | None = None) -> Project:
    """Add a project to a vote that has not opened; flushes and logs, never commits.

    Refuses (VoteError) once the vote has opened or has MAX_PROJECTS projects; an image
    without alt text or in a wrong format raises UploadError (nothing is saved).
    """
    _check_project_change(vote, now, cost_changes=True)
    data = dict(data)
    _check_texts(data, "project")
    if len(vote.projects) >= MAX_PROJECTS:
        raise VoteError(_("A vote can have at most %(num)d projects.", num=MAX_PROJECTS))
    position = max((p.position for p in vote.projects), default=0) + 1
    project = Project(vote=vote, municipality_id=vote.municipality_id, position=position,
                      **{name: data.get(name) for name in PROJECT_FIELDS if name != "image_id"})
    db.session.add(project)
    _attach_image(project, vote, actor, image, data.get("alt_text"))
    db.session.flush()
    audit.record("vote.project_added", project, actor=actor,
                 municipality=vote_municipality_of(vote), after=_snapshot(project, PROJECT_FIELDS))
    return project


def update_project(project: Project, actor, data: dict, image=None,
                   now: datetime | None = None) -> bool:
    """Change a project; True when something changed. Flushes and logs, never commits.

    Refuses (VoteError) a new cost once the vote has opened, and any change once it has closed.
    """
    vote = project.vote
    data = {**{name: getattr(project, name) for name in TEXT_FIELDS}, **data}
    _check_texts(data, "project")
    fields = [name for name in PROJECT_FIELDS if name != "image_id" and name in data]
    changed = [name for name in fields if getattr(project, name) != data[name]]
    _check_project_change(vote, now, cost_changes="cost" in changed)
    before = _snapshot(project, PROJECT_FIELDS)
    old_alt = project.image.alt_text if project.image else None
    for name in changed:
        setattr(project, name, data[name])
    _attach_image(project, vote, actor, image, data.get("alt_text"))
    after = _snapshot(project, PROJECT_FIELDS)
    new_alt = project.image.alt_text if project.image else None
    if before == after and old_alt == new_alt:
        return False
    db.session.flush()
    audit.record("vote.project_changed", project, actor=actor,
                 municipality=vote_municipality_of(vote), before=before, after=after)
    return True


def remove_project_image(project: Project, actor, now: datetime | None = None) -> None:
    """Take the image off a project (the stored file stays for the record)."""
    _check_project_change(project.vote, now, cost_changes=False)
    before = _snapshot(project, PROJECT_FIELDS)
    project.image_id = None
    project.image = None
    db.session.flush()
    audit.record("vote.project_changed", project, actor=actor,
                 municipality=vote_municipality_of(project.vote), before=before,
                 after=_snapshot(project, PROJECT_FIELDS))


def delete_project(project: Project, actor, now: datetime | None = None) -> None:
    """Remove a project from a vote that has not opened; refuses (VoteError) afterwards."""
    vote = project.vote
    _check_project_change(vote, now, cost_changes=True)
    audit.record("vote.project_removed", project, actor=actor,
                 municipality=vote_municipality_of(vote), before=_snapshot(project, PROJECT_FIELDS))
    db.session.execute(delete(BallotChoice).where(BallotChoice.project_id == project.id))
    vote.projects.remove(project)
    db.session.flush()


def _morning_in_oslo(moment: datetime) -> datetime:
    """09.00 Norwegian time on the day of `moment`, as UTC."""
    return oslo_to_utc(to_oslo(moment).replace(hour=9, minute=0, second=0, microsecond=0,
                                               tzinfo=None))


def copy_vote(source: Vote, actor, municipality, now: datetime | None = None) -> Vote:
    """A new draft vote in `municipality` with the structure and texts of `source` (a vote
    another member shares): its texts, method and rules, theme and goals, and its projects
    (title, description, cost, theme, goals, order). Never its ballots, its creator, its
    projects' images (files stored for the source municipality) or their places (the source's
    own streets); the window moves to the future (opens at 09.00 in two weeks and lasts as
    long as the source's did). Both written forms are copied; a machine-drafted form stays
    marked as such, and must be reviewed again here before the copy is published (the review
    was the other municipality's). Flushes and logs, never commits."""
    opens_at = _morning_in_oslo((aware(now) or utcnow()) + COPY_OPENS_IN)
    length = max(aware(source.closes_at) - aware(source.opens_at), timedelta(days=MIN_COPY_DAYS))
    vote = Vote(municipality_id=municipality.id, created_by_id=getattr(actor, "id", None),
                **{name: getattr(source, name) for name in TEXT_FIELDS},
                machine_drafted=source.machine_drafted, method=source.method,
                max_choices=source.max_choices, budget=source.budget,
                min_budget_share=source.min_budget_share, eligibility=source.eligibility,
                results_live=source.results_live, theme=source.theme, sdgs=source.sdgs,
                opens_at=opens_at, closes_at=opens_at + length)
    vote.projects = [Project(municipality_id=municipality.id,
                             **{name: getattr(project, name) for name in TEXT_FIELDS},
                             cost=project.cost,
                             theme=project.theme, sdgs=project.sdgs, position=position)
                     for position, project in enumerate(source.projects, start=1)]
    db.session.add(vote)
    db.session.flush()
    audit.record("vote.copied", vote, actor=actor, municipality=municipality,
                 after={**_snapshot(vote, VOTE_FIELDS), "source_id": source.id,
                        "projects": len(vote.projects)})
    return vote
