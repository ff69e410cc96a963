"""Idea services: submit, answer, support, comment, themes, and the moderation hook.

They take objects (the one acted on, then the actor, then the municipality), flush, write the
audit log, queue mail and never commit. Reads are in queries.py.
"""
from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, insert, literal_column, select, update
from sqlalchemy.exc import IntegrityError

from app.core import audit, follows
from app.core.clock import utcnow
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.mail import external_url, queue_mail
from app.core.vocabulary import VocabularyError, clean_sdgs
from app.files.services import UploadError, save_image
from app.ideas import markup, stemmer
from app.ideas.geo import in_norway
from app.ideas.labels import status_label
from app.ideas.models import (
    Idea, IdeaComment, IdeaStatus, IdeaStatusChange, IdeaSupport, MunicipalTheme,
)
from app.ideas.permissions import (
    can_answer_idea, can_comment, can_edit_comment, can_manage_themes, can_submit_idea, can_support,
    is_staff,
)
from app.ideas.queries import find_duplicate, next_statuses, supports, theme_labels
from app.ideas.translated import author_written_form
from app.moderation import services as moderation
from app.moderation.models import ModerationState

COMMENT_DUPLICATE_WINDOW = timedelta(minutes=10)
follows.register(Idea, "idea", "tenant.ideas.detail", "idea_id", is_public=lambda idea: idea.is_public)


class IdeaError(ServiceError):
    """Input an idea service refuses; the message is safe to show. `field` names the form field."""


# --- themes ----------------------------------------------------------------------------------

def add_theme(municipality, actor, name: str) -> MunicipalTheme:
    """Add a theme for the municipality (or offer a retired one of that name again); refuses
    non-admins and a name it has already."""
    if not can_manage_themes(actor, municipality):
        raise IdeaError(_l("Only the municipality's administrators can add themes."))
    name = " ".join((name or "").split())
    taken = {label.casefold() for label in theme_labels(municipality).values()}
    if name.casefold() in taken:
        existing = db.session.scalar(select(MunicipalTheme).where(
            MunicipalTheme.municipality_id == municipality.id, MunicipalTheme.name == name))
        if existing is None or existing.is_active:
            raise IdeaError(_l("There is a theme with that name already."), "name")
        existing.is_active = True
        db.session.flush()
        return existing
    theme = MunicipalTheme(municipality_id=municipality.id, name=name)
    db.session.add(theme)
    db.session.flush()
    audit.record("idea.theme_added", theme, actor=actor, municipality=municipality,
                 after={"name": name})
    return theme


def retire_theme(theme: MunicipalTheme, actor, municipality) -> None:
    """Stop offering a theme; ideas keep it. Refuses non-admins."""
    if not can_manage_themes(actor, municipality):
        raise IdeaError(_l("Only the municipality's administrators can change themes."))
    theme.is_active = False
    db.session.flush()
    audit.record("idea.theme_retired", theme, actor=actor, municipality=municipality,
                 before={"name": theme.name})


# --- submitting ------------------------------------------------------------------------------

def _check_place(data: dict) -> tuple[float | None, float | None]:
    lat, lon = data.get("latitude"), data.get("longitude")
    if lat is None and lon is None:
        return None, None
    if lat is None or lon is None:
        raise IdeaError(_l("Give both latitude and longitude, or neither."), "latitude")
    lat, lon = float(lat), float(lon)
    if not in_norway(lat, lon):
        raise IdeaError(_l("The point is not in Norway. Check latitude and longitude."), "latitude")
    return lat, lon


def _initial_state(municipality, author) -> ModerationState:
    """Pending under pre-moderation, except for the municipality's own staff."""
    if is_staff(author, municipality):
        return ModerationState.published
    return Idea.initial_state(municipality)


def _search_value(*texts: str):
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_tsvector(literal_column("'norwegian'::regconfig"), " ".join(texts))
    return stemmer.document(*texts)


def submit_idea(municipality, author, data: dict, image=None) -> Idea:
    """Create an idea from form data (title, body, theme, sdgs, place_text, latitude, longitude,
    image_alt) and an optional uploaded image; pending under pre-moderation. Its written form is
    the author's interface language when nb or nn, else the municipality's (translated.py).

    Refuses users who may not post, unknown themes and goals, a point outside Norway, an image
    without alt text or that is not an image, and a duplicate of the author's recent idea.
    """
    if not can_submit_idea(author, municipality):
        raise IdeaError(_l("You cannot submit ideas in this municipality."))
    title, body = data["title"].strip(), data["body"].strip()
    if data["theme"] not in theme_labels(municipality):
        raise IdeaError(_l("Choose one of the themes."), "theme")
    try:
        goals = clean_sdgs(data.get("sdgs"))
    except VocabularyError as error:
        raise IdeaError(str(error), "sdgs") from error
    if find_duplicate(municipality, author, title, body) is not None:
        raise IdeaError(_l("You have already submitted an idea with this title or text."), "title")
    lat, lon = _check_place(data)
    idea = Idea(municipality_id=municipality.id, author_id=author.id, title=title, body=body,
                body_html=markup.render(body), theme=data["theme"],
                place_text=(data.get("place_text") or "").strip() or None, latitude=lat,
                longitude=lon, moderation_state=_initial_state(municipality, author),
                answer_status=IdeaStatus.published, support_count=0, comment_count=0,
                search_document=_search_value(title, body),
                written_form=author_written_form(municipality))
    idea.sdgs = goals
    if image is not None and getattr(image, "filename", None):
        try:
            idea.image = save_image(image, municipality, author, data.get("image_alt") or "")
        except UploadError as error:
            raise IdeaError(str(error), "image") from error
        idea.image.is_public = idea.moderation_state is ModerationState.published
    db.session.add(idea)
    db.session.flush()
    db.session.add(IdeaStatusChange(idea_id=idea.id, kind="submitted", from_status=None,
                                    to_status=idea.status.value, actor_id=author.id))
    audit.record("idea.submitted", idea, actor=author, municipality=municipality,
                 after={"state": idea.moderation_state.value, "title": title})
    moderation.item_submitted(idea, municipality)
    return idea


# --- the municipality's answer ---------------------------------------------------------------

def answer_idea(idea: Idea, actor, municipality, status: IdeaStatus, reason: str) -> IdeaStatusChange:
    """Move a published idea on (under consideration, accepted, implemented, not pursued) with a
    public reason; the author is mailed. Refuses non-staff, unpublished ideas, steps that do not
    follow from the current status and a missing reason."""
    if not can_answer_idea(actor, idea, municipality):
        raise IdeaError(_l("Only the municipality can answer ideas."))
    if status not in next_statuses(idea):
        raise IdeaError(_l("The idea cannot go to that status from where it is."), "status")
    reason = (reason or "").strip()
    if not reason:
        raise IdeaError(_l("Give a public reason for the answer."), "reason")
    before = idea.answer_status
    idea.answer_status = status
    change = IdeaStatusChange(idea_id=idea.id, kind="answer", from_status=before.value,
                              to_status=status.value, reason=reason, actor_id=actor.id)
    db.session.add(change)
    db.session.flush()
    audit.record("idea.answered", idea, actor=actor, municipality=municipality,
                 before={"status": before.value}, after={"status": status.value}, reason=reason)
    follows.changed(idea, "answered", actor=actor, detail=status.value)
    if idea.author is not None and idea.author_id != actor.id:
        queue_mail(idea.author, _l("News about your idea in %(name)s", name=municipality.name),
                   "ideas/mail/answer.txt", municipality=municipality, idea=idea, change=change,
                   status=status_label(status),
                   url=external_url("tenant.ideas.detail", idea_id=idea.id,
                                    municipality=municipality.slug))
    return change


def after_moderation(item, decision) -> None:
    """The moderation hook: history on the idea, public image, comment counts."""
    if isinstance(item, Idea):
        db.session.add(IdeaStatusChange(
            idea_id=item.id, kind="moderation", from_status=decision.from_state,
            to_status=item.status.value, reason=decision.reason, actor_id=decision.moderator_id))
        if item.image is not None:
            item.image.is_public = item.moderation_state is ModerationState.published
        db.session.flush()
    elif isinstance(item, IdeaComment):
        recount_comments(item.idea_id)


# --- supports --------------------------------------------------------------------------------

def support_idea(idea: Idea, user, municipality) -> bool:
    """Add the user's support (once). Returns False when it was there already.

    Exact under concurrent requests: the unique (idea, user) row decides, and the counter moves
    by an atomic increment only when a row was really inserted.
    """
    if not can_support(user, idea, municipality):
        raise IdeaError(_l("You cannot support this idea."))
    try:
        with db.session.begin_nested():
            db.session.execute(insert(IdeaSupport).values(idea_id=idea.id, user_id=user.id,
                                                          created_at=utcnow()))
    except IntegrityError:
        return False
    db.session.execute(update(Idea).where(Idea.id == idea.id)
                       .values(support_count=Idea.support_count + 1)
                       .execution_options(synchronize_session=False))
    db.session.expire(idea, ["support_count"])
    return True


def withdraw_support(idea: Idea, user, municipality) -> bool:
    """Remove the user's support. Returns False when there was none."""
    if not can_support(user, idea, municipality):
        raise IdeaError(_l("You cannot support this idea."))
    removed = db.session.execute(delete(IdeaSupport).where(
        IdeaSupport.idea_id == idea.id, IdeaSupport.user_id == user.id)).rowcount
    if removed:
        db.session.execute(update(Idea).where(Idea.id == idea.id)
                           .values(support_count=Idea.support_count - removed)
                           .execution_options(synchronize_session=False))
        db.session.expire(idea, ["support_count"])
    return bool(removed)


def toggle_support(idea: Idea, user, municipality, want: bool | None = None) -> bool:
    """Support or withdraw (`want`: True, False, or None to flip). Returns whether the user
    supports the idea afterwards."""
    if want is None:
        want = not supports(user, [idea.id])
    if want:
        support_idea(idea, user, municipality)
    else:
        withdraw_support(idea, user, municipality)
    return want


# --- comments --------------------------------------------------------------------------------

def recount_comments(idea_id: int) -> None:
    """Set the idea's comment count to its published comments (one atomic update)."""
    count = (select(func.count(IdeaComment.id))
             .where(IdeaComment.idea_id == idea_id,
                    IdeaComment.moderation_state == ModerationState.published)
             .scalar_subquery())
    db.session.execute(update(Idea).where(Idea.id == idea_id).values(comment_count=count)
                       .execution_options(synchronize_session=False))
    idea = db.session.get(Idea, idea_id)
    if idea is not None:
        db.session.expire(idea, ["comment_count"])


def add_comment(idea: Idea, author, municipality, body: str, parent_id: int | None = None) -> IdeaComment:
    """Comment on a published idea, or reply to one of its top-level comments (a reply to a
    reply joins the same thread). Refuses users who may not post, unpublished ideas, a parent
    that is not a visible comment on this idea, and the same text twice in ten minutes."""
    if not can_comment(author, idea, municipality):
        raise IdeaError(_l("You cannot comment on this idea."))
    body = (body or "").strip()
    parent = None
    if parent_id:
        parent = db.session.scalar(select(IdeaComment).where(
            IdeaComment.id == parent_id, IdeaComment.idea_id == idea.id,
            IdeaComment.moderation_state == ModerationState.published))
        if parent is None:
            raise IdeaError(_l("The comment you answer is no longer there."), "body")
        if parent.parent_id is not None:
            parent = db.session.get(IdeaComment, parent.parent_id)
    recent = db.session.scalar(select(IdeaComment.id).where(
        IdeaComment.idea_id == idea.id, IdeaComment.author_id == author.id,
        IdeaComment.body == body, IdeaComment.created_at >= utcnow() - COMMENT_DUPLICATE_WINDOW))
    if recent is not None:
        raise IdeaError(_l("You have just posted the same comment."), "body")
    comment = IdeaComment(municipality_id=municipality.id, idea_id=idea.id, author_id=author.id,
                          parent_id=parent.id if parent else None, body=body,
                          body_html=markup.render(body),
                          written_form=author_written_form(municipality),
                          moderation_state=_initial_state(municipality, author))
    db.session.add(comment)
    db.session.flush()
    recount_comments(idea.id)
    audit.record("idea.commented", comment, actor=author, municipality=municipality,
                 after={"idea_id": idea.id, "state": comment.moderation_state.value})
    moderation.item_submitted(comment, municipality)
    return comment


def edit_comment(comment: IdeaComment, user, municipality, body: str) -> IdeaComment:
    """Change a comment's text within the edit window; refuses everyone but its author. Under
    pre-moderation an edited comment waits for a moderator again."""
    if not can_edit_comment(user, comment, municipality):
        raise IdeaError(_l("This comment can no longer be edited."))
    before = comment.body
    comment.body = (body or "").strip()
    comment.body_html = markup.render(comment.body)
    comment.edited_at = utcnow()
    if comment.moderation_state is ModerationState.published:
        comment.moderation_state = _initial_state(municipality, user)
    db.session.flush()
    recount_comments(comment.idea_id)
    audit.record("idea.comment_edited", comment, actor=user, municipality=municipality,
                 before={"body": before}, after={"body": comment.body})
    moderation.item_submitted(comment, municipality)
    return comment
