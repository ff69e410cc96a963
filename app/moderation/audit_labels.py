"""The audit log in words: one sentence per recorded action, what the object is called, and the
recorded changes as "field: before → after", in the reader's language.

The table below names every action the areas record (`audit.record(...)`; tests/moderation/
test_audit_sentences.py finds them in the code and fails on one without a sentence). An action
no one has named yet still reads as a sentence ("Changed idea no. 4 (idea.frobnicated)").
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.accounts.labels import ROLE_LABELS
from app.core.i18n import format_datetime
from app.moderation.labels import REPORT_REASONS, STATE_LABELS

#: action -> sentence; %(object)s is what it was done to ("idea no. 4")
ACTIONS = {
    # moderation
    "moderation.approve": _l("Approved %(object)s and published it"),
    "moderation.reject": _l("Rejected %(object)s"),
    "moderation.hide": _l("Hid %(object)s"),
    "moderation.restore": _l("Restored %(object)s and published it again"),
    "moderation.dismiss": _l("Dismissed the reports of %(object)s"),
    "moderation.auto_hidden": _l("Hid %(object)s automatically after reports"),
    "moderation.reported": _l("Reported %(object)s"),
    "moderation.reporter_discounted": _l("Stopped counting the reports of a reporter"),
    "moderation.reporter_counted_again": _l("Counted the reports of a reporter again"),
    "moderation.settings_changed": _l("Changed the moderation settings"),
    "moderation.user_blocked": _l("Blocked a user from posting here"),
    "moderation.user_unblocked": _l("Lifted a block"),
    # ideas
    "idea.submitted": _l("Submitted %(object)s"),
    "idea.answered": _l("Answered %(object)s for the municipality"),
    "idea.commented": _l("Commented on an idea (%(object)s)"),
    "idea.comment_edited": _l("Edited %(object)s"),
    "idea.theme_added": _l("Added a theme for ideas"),
    "idea.theme_retired": _l("Retired a theme for ideas"),
    # consultations
    "consultation.created": _l("Created %(object)s"),
    "consultation.changed": _l("Changed %(object)s"),
    "consultation.published": _l("Published %(object)s"),
    "consultation.concluded": _l("Concluded %(object)s"),
    "consultation.conclusion_changed": _l("Changed the conclusion of %(object)s"),
    "consultation.copied": _l("Copied %(object)s from another consultation"),
    "consultation.document_added": _l("Added a document to %(object)s"),
    "consultation.document_removed": _l("Removed a document from %(object)s"),
    "consultation.draft_deleted": _l("Deleted the draft %(object)s"),
    "consultation.machine_drafted": _l(
        "Made a machine draft of the other written form of %(object)s"),
    "consultation.draft_reviewed": _l("Confirmed the review of the machine draft of %(object)s"),
    "consultation.bodies_invited": _l("Invited bodies to answer %(object)s"),
    "consultation.invitee_removed": _l("Removed an invited body from %(object)s"),
    "consultation.answers_exported": _l("Downloaded the answers to %(object)s"),
    "consultation.short_period_allowed": _l(
        "Allowed a consultation period under six weeks for %(object)s"),
    "consultation_settings.changed": _l("Changed the consultation settings"),
    "consultation.shared": _l("Shared %(object)s with the network"),
    "consultation.unshared": _l("Stopped sharing %(object)s with the network"),
    "answer.submitted": _l("Submitted %(object)s"),
    "answer.changed": _l("Changed %(object)s"),
    "answer.withdrawn": _l("Withdrew %(object)s"),
    # votes
    "vote.created": _l("Created %(object)s"),
    "vote.updated": _l("Changed %(object)s"),
    "vote.published": _l("Published %(object)s"),
    "vote.unpublished": _l("Took %(object)s back to draft"),
    "vote.deleted": _l("Deleted %(object)s"),
    "vote.copied": _l("Copied %(object)s from another vote"),
    "vote.machine_drafted": _l("Made a machine draft of the other written form of %(object)s"),
    "vote.draft_reviewed": _l("Confirmed the review of the machine draft of %(object)s"),
    "vote.project_added": _l("Added %(object)s"),
    "vote.project_changed": _l("Changed %(object)s"),
    "vote.project_removed": _l("Removed %(object)s"),
    "vote.shared": _l("Shared %(object)s with the network"),
    "vote.unshared": _l("Stopped sharing %(object)s with the network"),
    # surveys
    "survey.created": _l("Created %(object)s"),
    "survey.updated": _l("Changed %(object)s"),
    "survey.published": _l("Published %(object)s"),
    "survey.unpublished": _l("Took %(object)s back to draft"),
    "survey.closed": _l("Closed %(object)s"),
    "survey.deleted": _l("Deleted %(object)s"),
    "survey.copied": _l("Copied %(object)s from another survey"),
    "survey.machine_drafted": _l("Made a machine draft of the other written form of %(object)s"),
    "survey.draft_reviewed": _l("Confirmed the review of the machine draft of %(object)s"),
    "survey.section_added": _l("Added a section to %(object)s"),
    "survey.section_updated": _l("Changed a section of %(object)s"),
    "survey.section_moved": _l("Moved a section of %(object)s"),
    "survey.section_deleted": _l("Deleted a section of %(object)s"),
    "survey.question_added": _l("Added a question to %(object)s"),
    "survey.question_updated": _l("Changed a question of %(object)s"),
    "survey.question_moved": _l("Moved a question of %(object)s"),
    "survey.question_deleted": _l("Deleted a question of %(object)s"),
    "survey.shared": _l("Shared %(object)s with the network"),
    "survey.unshared": _l("Stopped sharing %(object)s with the network"),
    # the municipality, its people and the network
    "municipality.settings_changed": _l("Changed the municipality's settings"),
    "municipality.identity_changed": _l("Changed the municipality's appearance"),
    "municipality.activated": _l("Made the municipality a member of the network"),
    "municipality.deactivated": _l("Took the municipality out of the network"),
    "membership.role_granted": _l("Gave a user a role in the municipality"),
    "survey.answers_exported": _l("Downloaded the answers to %(object)s"),
    # accounts, ID-porten and privacy
    "account.name_changed": _l("Changed the name of %(object)s"),
    "account.email_change_requested": _l("Asked to change the e-mail address of %(object)s"),
    "account.email_changed": _l("Changed the e-mail address of %(object)s"),
    "account.follow_mail_stopped": _l("Stopped the follow mails of %(object)s"),
    "account.deleted": _l("Deleted %(object)s"),
    "user.idporten_account_created": _l("Created %(object)s through ID-porten"),
    "user.idporten_linked": _l("Linked %(object)s to ID-porten"),
    "user.idporten_unlinked": _l("Unlinked %(object)s from ID-porten"),
    "user.idporten_login": _l("Logged in with ID-porten (%(object)s)"),
    "retention.anonymised": _l("Anonymised personal data after the retention period (%(object)s)"),
    "experience.created": _l("Wrote %(object)s"),
    "experience.updated": _l("Changed %(object)s"),
    "experience.published": _l("Published %(object)s"),
    "experience.unpublished": _l("Unpublished %(object)s"),
    "experience.deleted": _l("Deleted %(object)s"),
    "network.copied": _l("Copied %(object)s from another member of the network"),
    "network_case.created": _l("Created %(object)s"),
    "network_case.changed": _l("Changed %(object)s"),
    "network_case.published": _l("Published %(object)s"),
    "network_case.answered": _l("Answered %(object)s for the municipality"),
}

#: object_type (the model's class name in lower case) -> what it is called, with its number
OBJECTS = {
    "idea": _l("idea no. %(id)s"),
    "ideacomment": _l("comment no. %(id)s"),
    "municipaltheme": _l("theme no. %(id)s"),
    "consultation": _l("consultation no. %(id)s"),
    "consultationanswer": _l("consultation answer no. %(id)s"),
    "consultationsettings": _l("the consultation settings"),
    "vote": _l("vote no. %(id)s"),
    "project": _l("project no. %(id)s"),
    "survey": _l("survey no. %(id)s"),
    "surveytextanswer": _l("survey answer no. %(id)s"),
    "experience": _l("experience no. %(id)s"),
    "municipality": _l("the municipality"),
    "membership": _l("role no. %(id)s"),
    "user": _l("user no. %(id)s"),
    "block": _l("block no. %(id)s"),
    "networkcase": _l("network case no. %(id)s"),
    "networkcopy": _l("copy no. %(id)s"),
}

#: recorded field -> its name
FIELDS = {
    "title": _l("Title"), "title_nb": _l("Title (bokmål)"), "title_nn": _l("Title (nynorsk)"),
    "state": _l("State"), "status": _l("Status"), "role": _l("Role"), "user_id": _l("User no."),
    "idea_id": _l("Idea no."), "reason": _l("Reason"), "counts": _l("Counts towards hiding"),
    "report_id": _l("Report no."), "name": _l("Name"), "body": _l("Text"), "theme": _l("Theme"),
    "sdgs": _l("Sustainable Development Goals"), "published": _l("Published"),
    "participants": _l("Participants"), "languages": _l("Languages"),
    "moderation_mode": _l("Moderation mode"), "opens_at": _l("Opens"), "closes_at": _l("Closes"),
    "is_active": _l("Member of the network"), "report_threshold": _l("Report threshold"),
    "reasons": _l("Reasons"), "document": _l("Document"), "format": _l("Format"),
    "answers": _l("Answers"), "responses": _l("Responses"), "invited": _l("Invited"),
    "nb": _l("Bokmål"), "nn": _l("Nynorsk"), "form": _l("Written form"),
    "source_id": _l("Copied from no."), "copy_id": _l("Copy no."), "kind": _l("Kind"),
    "question_id": _l("Question no."), "section_id": _l("Section no."),
    "direction": _l("Direction"), "type": _l("Type"),
}

@functools.cache
def _values() -> dict:
    """Values shown in words, per field. Built on first use: the ideas area imports moderation,
    so importing its labels at module level here would be circular."""
    from app.ideas.labels import STATUS_LABELS as IDEA_STATUS_LABELS

    return {
        "state": {s.value: label for s, label in STATE_LABELS.items()},
        "status": {s.value: label for s, label in IDEA_STATUS_LABELS.items()},
        "reason": {r.value: label for r, label in REPORT_REASONS.items()},
        "role": ROLE_LABELS,
    }
#: never shown: a hash says nothing to a reader, an address is personal data
_HIDDEN_FIELDS = {"sha256", "email"}
_MAX_TEXT = 160


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def object_name(object_type: str, object_id: int | None) -> str:
    """What the object is called: "idea no. 4"; an unknown type keeps its code."""
    label = OBJECTS.get(object_type)
    if label is None:
        if object_id is None:
            return object_type
        return _("%(type)s no. %(id)s", type=object_type, id=object_id)
    return str(label) % {"id": object_id if object_id is not None else ""}


def sentence(action: str, object_type: str, object_id: int | None) -> str:
    """The action as a sentence in the reader's language; an unknown code is named, not hidden."""
    label = ACTIONS.get(action)
    if label is None:
        return _("Changed %(object)s (%(code)s)", object=object_name(object_type, object_id),
                 code=action)
    return str(label) % {"object": object_name(object_type, object_id)}


def _value(field: str, value) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    values = _values()
    if isinstance(value, str) and field in values and value in values[field]:
        return str(values[field][value])
    if isinstance(value, str) and len(value) >= 19 and value[4:5] == "-" and value[10:11] == "T":
        try:
            return format_datetime(datetime.fromisoformat(value))
        except ValueError:
            pass
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(field, v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{field_name(k)}: {_value(k, v)}" for k, v in value.items())
    text = str(value)
    return text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT - 1] + "…"


def field_name(field: str) -> str:
    label = FIELDS.get(field)
    return str(label) if label is not None else field.replace("_", " ").capitalize()


def changes(before: dict | None, after: dict | None) -> list[Change]:
    """The recorded values, field by field, in words: both sides where both were recorded."""
    before, after = before or {}, after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [Change(_("Details"), _value("", before), _value("", after))]
    fields = [f for f in {**before, **after} if f not in _HIDDEN_FIELDS]
    return [Change(field_name(f), _value(f, before[f]) if f in before else "",
                   _value(f, after[f]) if f in after else "") for f in fields]


def describe(event) -> dict:
    """What the log page shows of one AuditEvent: its sentence and its changes."""
    return {"sentence": sentence(event.action, event.object_type, event.object_id),
            "changes": changes(event.before, event.after)}

