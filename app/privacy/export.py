"""Everything stored about one account, as one JSON document ("Mine data", GDPR art. 15 and 20).

Exactly the account's own data: what it wrote, chose and did, never what others wrote to or about
it, never who else supported or voted, and no secrets (password hash, session keys, tokens).
A table another area adds with a `user_id` pointing at the account (follows, pending e-mail
changes, ...) is included by `_other_tables` without this module knowing it.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from app.accounts.models import LoginSession, User
from app.consultations.models import Consultation, ConsultationAnswer
from app.core.audit import AuditEvent
from app.core.clock import utcnow
from app.core.extensions import db
from app.ideas.models import Idea, IdeaComment, IdeaSupport
from app.moderation.models import Report
from app.municipalities.models import Municipality
from app.surveys.models import SurveyAnswer, SurveyOption, SurveyQuestion, SurveyResponse
from app.votes.models import Ballot, BallotChoice, Project, Vote

#: tables exported by name below, or holding nothing of the account's own (its rows name the
#: account only as the one who moderated, blocked or created something for the municipality)
KNOWN_TABLES = {"users", "memberships", "login_sessions", "ideas", "idea_comments",
                "idea_supports", "moderation_reports", "consultation_answers", "survey_responses",
                "survey_text_answers", "vote_ballots", "audit_events"}
#: column names never exported from another area's table: secrets and other accounts
_SECRET_WORDS = ("hash", "token", "secret", "nonce", "key", "password")


def _value(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if hasattr(value, "value") and not isinstance(value, (int, float, str, bool)):
        return value.value  # an enum
    return value


def _town(municipality_id: int, towns: dict) -> str | None:
    town = towns.get(municipality_id)
    return town.slug if town else None


def export_for(user: User) -> dict:
    """The account's data as a JSON-ready dict; reads only, changes nothing."""
    towns = {m.id: m for m in db.session.scalars(select(Municipality))}
    return {
        "exported_at": utcnow().isoformat(),
        "account": _account(user),
        "memberships": [{"municipality": _town(m.municipality_id, towns), "role": m.role.value,
                         "since": _value(m.created_at)} for m in user.memberships],
        "ideas": _ideas(user, towns),
        "comments": _comments(user, towns),
        "supports": [{"idea_id": s.idea_id, "idea_title": title, "at": _value(s.created_at)}
                     for s, title in db.session.execute(
                         select(IdeaSupport, Idea.title).join(Idea, Idea.id == IdeaSupport.idea_id)
                         .where(IdeaSupport.user_id == user.id).order_by(IdeaSupport.id))],
        "reports": [{"municipality": _town(r.municipality_id, towns), "object_type": r.object_type,
                     "object_id": r.object_id, "reason": r.reason.value, "text": r.text,
                     "at": _value(r.created_at)}
                    for r in db.session.scalars(select(Report).where(Report.reporter_id == user.id)
                                                .order_by(Report.id))],
        "consultation_answers": _answers(user, towns),
        "survey_answers": _survey_answers(user, towns),
        "ballots": _ballots(user, towns),
        "login_sessions": db.session.scalar(
            select(func.count()).select_from(LoginSession).where(LoginSession.user_id == user.id)),
        "audit_events": _audit(user, towns),
        **_other_tables(user),
    }


def _account(user: User) -> dict:
    return {"id": user.id, "email": user.email, "display_name": user.display_name,
            "locale": user.locale, "email_verified_at": _value(user.email_verified_at),
            "created_at": _value(user.created_at), "last_login_at": _value(user.last_login_at),
            "idporten_linked": user.idporten_sub is not None,
            "idporten_verified_at": _value(user.idporten_verified_at)}


def _ideas(user: User, towns: dict) -> list[dict]:
    ideas = db.session.scalars(select(Idea).where(Idea.author_id == user.id).order_by(Idea.id))
    return [{"id": i.id, "municipality": _town(i.municipality_id, towns), "title": i.title,
             "body": i.body, "theme": i.theme, "place": i.place_text, "latitude": i.latitude,
             "longitude": i.longitude, "status": _value(i.status), "supports": i.support_count,
             "created_at": _value(i.created_at)} for i in ideas]


def _comments(user: User, towns: dict) -> list[dict]:
    comments = db.session.scalars(select(IdeaComment).where(IdeaComment.author_id == user.id)
                                  .order_by(IdeaComment.id))
    return [{"id": c.id, "municipality": _town(c.municipality_id, towns), "idea_id": c.idea_id,
             "idea_title": c.idea.title, "reply_to": c.parent_id, "body": c.body,
             "state": _value(c.moderation_state), "created_at": _value(c.created_at),
             "edited_at": _value(c.edited_at)} for c in comments]


def _answers(user: User, towns: dict) -> list[dict]:
    rows = db.session.execute(
        select(ConsultationAnswer, Consultation).join(ConsultationAnswer.consultation)
        .where(ConsultationAnswer.author_id == user.id).order_by(ConsultationAnswer.id))
    answers = []
    for a, c in rows:
        questions = {q.id: q.text_nb or q.text_nn for q in c.questions}
        answers.append({
            "id": a.id, "municipality": _town(a.municipality_id, towns), "consultation_id": c.id,
            "consultation_title": c.label, "name": a.author_name,
            "organisation": a.organisation_name, "organisation_number": a.organisation_number,
            "text": a.text, "replies": [{"question": questions.get(r.question_id), "text": r.text}
                                        for r in a.replies],
            "attachment": a.attachment.filename if a.attachment else None,
            "status": _value(a.status), "submitted_at": _value(a.created_at),
            "changed_at": _value(a.changed_at), "withdrawn_at": _value(a.withdrawn_at)})
    return answers


def _survey_answers(user: User, towns: dict) -> list[dict]:
    """Responses tied to the account (surveys that need a log-in); anonymous ones are tied to
    nobody and cannot be found."""
    responses = db.session.scalars(select(SurveyResponse).where(SurveyResponse.user_id == user.id)
                                   .order_by(SurveyResponse.id)).all()
    ids = [r.id for r in responses]
    closed = {}
    for answer, question, option in db.session.execute(
            select(SurveyAnswer, SurveyQuestion, SurveyOption)
            .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
            .outerjoin(SurveyOption, SurveyOption.id == SurveyAnswer.option_id)
            .where(SurveyAnswer.response_id.in_(ids)).order_by(SurveyAnswer.id)):
        closed.setdefault(answer.response_id, []).append({
            "question": question.text_nb or question.text_nn,
            "option": (option.label_nb or option.label_nn) if option else None,
            "number": answer.number, "rank": answer.rank})
    return [{"id": r.id, "municipality": _town(r.municipality_id, towns), "survey_id": r.survey_id,
             "survey_title": r.survey.title_nb or r.survey.title_nn,
             "submitted_at": _value(r.submitted_at), "channel": r.channel,
             "answers": closed.get(r.id, []),
             "texts": [{"question": t.question.text_nb or t.question.text_nn, "text": t.body,
                        "state": _value(t.moderation_state)} for t in r.text_answers]}
            for r in responses]


def _ballots(user: User, towns: dict) -> list[dict]:
    """The account's ballots with what they chose: the voter's own, shown to nobody else."""
    ballots = db.session.execute(select(Ballot, Vote).join(Vote, Vote.id == Ballot.vote_id)
                                 .where(Ballot.user_id == user.id).order_by(Ballot.id)).all()
    titles = {p.id: p.title_nb or p.title_nn for p in db.session.scalars(
        select(Project).join(BallotChoice, BallotChoice.project_id == Project.id)
        .where(BallotChoice.ballot_id.in_([b.id for b, _v in ballots])))}
    return [{"vote_id": v.id, "municipality": _town(b.municipality_id, towns),
             "vote_title": v.title_nb or v.title_nn, "cast_at": _value(b.created_at),
             "changed_at": _value(b.updated_at),
             "choices": [{"project_id": c.project_id, "project": titles.get(c.project_id),
                          **{k: _value(getattr(c, k)) for k in ("rank", "amount")
                             if hasattr(c, k)}} for c in b.choices]}
            for b, v in ballots]


def _audit(user: User, towns: dict) -> list[dict]:
    """What the account did, as the audit log has it: the action, on what, when. Not the
    before/after values, which may hold other people's data (a moderator's decisions)."""
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.actor_id == user.id)
                                .order_by(AuditEvent.id))
    return [{"action": e.action, "object_type": e.object_type,
             "object_id": e.object_id if e.object_type != "user" or e.object_id == user.id
             else None,
             "municipality": _town(e.municipality_id, towns), "at": _value(e.created_at)}
            for e in events]


def _other_tables(user: User) -> dict:
    """Rows of tables other areas add that point at the account through `user_id` (follows,
    e-mail changes, ...): their columns except secrets and links to other accounts."""
    found = {}
    for table in db.metadata.sorted_tables:
        if table.name in KNOWN_TABLES or "user_id" not in table.c:
            continue
        if not any(fk.column.table.name == "users" for fk in table.c.user_id.foreign_keys):
            continue
        columns = [c for c in table.c if c.name not in ("user_id",)
                   and not any(word in c.name for word in _SECRET_WORDS)
                   and not any(fk.column.table.name == "users" for fk in c.foreign_keys)]
        rows = db.session.execute(select(*columns).where(table.c.user_id == user.id)).all()
        if rows:
            found[table.name] = [{c.name: _value(v) for c, v in zip(columns, row)} for row in rows]
    return found
