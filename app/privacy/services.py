"""Writes of the privacy area: deleting one's own account. (Retention: retention.py.)"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, delete, func, select

from app.accounts.models import User
from app.consultations.models import ConsultationAnswer
from app.core import audit
from app.core.audit import AuditEvent
from app.core.errors import ServiceError
from app.core.extensions import db
from app.ideas.models import Idea, IdeaComment
from app.municipalities.models import Municipality
from app.privacy.erasure import Scrubber, cut_links, former_participant, user_references
from app.surveys.models import SurveyResponse
from app.votes.models import Ballot

#: what a person without a password types to confirm the deletion (in their language)
CONFIRMATION_WORDS = {"nb": "SLETT", "nn": "SLETT", "en": "DELETE", "se": "SLETT"}


class DeletionRefused(ServiceError):
    pass


def has_password(user: User) -> bool:
    """Whether the account can log in with a password (an account made through ID-porten may
    have none: its hash is empty or not a real hash)."""
    return "$" in (user.password_hash or "")


def check_confirmation(user: User, password: str | None, typed: str | None, word: str) -> None:
    """Refuse (DeletionRefused, on the form's field) unless the person proved it: the password
    when the account has one, else the confirmation word typed."""
    if has_password(user):
        if not password or not user.check_password(password):
            raise DeletionRefused(_l("The password is not right."), field="password")
    elif (typed or "").strip().upper() != word.upper():
        raise DeletionRefused(_l("Type %(word)s to confirm.", word=word), field="confirmation")


def _counts(user_id: int) -> dict:
    def count(model, column):
        return db.session.scalar(select(func.count()).select_from(model).where(column == user_id))

    return {"ideas": count(Idea, Idea.author_id),
            "comments": count(IdeaComment, IdeaComment.author_id),
            "consultation_answers": count(ConsultationAnswer, ConsultationAnswer.author_id),
            "survey_responses": count(SurveyResponse, SurveyResponse.user_id),
            "ballots": count(Ballot, Ballot.user_id)}


def delete_account(user: User) -> dict:
    """Delete the account and every trace of the person, keep what they contributed without
    them: ideas and comments lose their author; consultation answers stay as archived case
    documents with the text and the organisation but the sender's name replaced by "Tidligere
    deltaker" and no account; ballots and survey responses stay without the account, so
    results are unchanged; memberships, sessions, supports (the ideas' counts stay), follows and
    tokens go. The name and the e-mail address are then in no table. Audited as
    "account.deleted" with counts only. Returns the counts. Flushes, never commits."""
    db.session.flush()
    user_id, email, name = user.id, user.email, user.display_name
    counts = _counts(user_id)
    for answer in db.session.scalars(
            select(ConsultationAnswer).where(ConsultationAnswer.author_id == user_id)):
        answer.author_name = former_participant(db.session.get(Municipality, answer.municipality_id))
    db.session.flush()
    scrubber = Scrubber(email, name, former_participant(None))
    for table, column in user_references():
        if table.name != "users":
            scrubber.rows(table, column == user_id)
    scrubber.rows(AuditEvent.__table__, and_(AuditEvent.object_type == "user",
                                             AuditEvent.object_id == user_id))
    scrubber.everywhere()
    cut_links(user_id)
    db.session.execute(delete(User.__table__).where(User.__table__.c.id == user_id))
    db.session.expunge(user)
    db.session.expire_all()
    audit.record("account.deleted", user, after=counts)
    return counts
