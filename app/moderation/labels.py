"""What moderation words are called on the page (lazy: rendered in the reader's language)."""
from __future__ import annotations

from flask_babel import format_timedelta, pgettext
from flask_babel import lazy_gettext as _l

from app.core.clock import utcnow
from app.moderation.models import Decision, ModerationState, ReportReason

#: the action, on buttons and choices
DECISION_ACTIONS = {
    Decision.approve: _l("Approve and publish"),
    Decision.reject: _l("Reject"),
    Decision.hide: _l("Hide"),
    Decision.restore: _l("Restore and publish again"),
    Decision.dismiss: _l("Dismiss the reports"),
}

#: what happened, in histories, the audit log and mails
DECISION_DONE = {
    "approve": _l("Approved"),
    "reject": _l("Rejected"),
    "hide": _l("Hidden by a moderator"),
    "restore": _l("Restored"),
    "dismiss": _l("Reports dismissed"),
    "auto_hide": _l("Hidden after reports"),
}

STATE_LABELS = {
    ModerationState.pending: _l("Waiting for moderation"),
    ModerationState.published: _l("Published"),
    ModerationState.rejected: _l("Rejected"),
    ModerationState.hidden: _l("Hidden"),
}

REPORT_REASONS = {
    ReportReason.spam: _l("Spam or advertising"),
    ReportReason.offensive: _l("Offensive or hateful"),
    ReportReason.personal_data: _l("Personal data about someone"),
    ReportReason.off_topic: _l("Off topic"),
    ReportReason.other: _l("Other"),
}

#: why a report does not count towards hiding the item (queries.weigh_reports)
NOT_COUNTED = {
    "deleted": _l("The account is deleted."),
    "discounted": _l("A moderator has discounted this reporter."),
    "blocked": _l("The reporter is blocked here."),
    "outside": _l("The reporter belongs to other municipalities, not this one."),
    "inactive": _l("The account is deactivated or not confirmed."),
    "new": _l("The account was too new when it reported."),
}

#: the reasons a municipality starts with (in its written form) until it saves its own list
DEFAULT_REASONS = [
    _l("Breaks the rules for respectful language"),
    _l("Contains personal data about others"),
    _l("Advertising or spam"),
    _l("Not about the municipality's responsibilities"),
    _l("The same as an earlier contribution"),
    _l("Checked: within the rules"),
]


def state_label(state) -> str:
    if isinstance(state, str):
        state = ModerationState(state)
    return str(STATE_LABELS[state])


def decision_done(value: str) -> str:
    label = DECISION_DONE.get(value)
    return str(label) if label is not None else pgettext("moderation", "Decision")


def waiting_for(since) -> str:
    """How long an item has waited, in words ("3 days")."""
    if since is None:
        return ""
    return format_timedelta(utcnow() - since, threshold=1)


def duration(delta) -> str:
    """A length of time in words ("2 days"), e.g. an account's age."""
    return format_timedelta(delta, threshold=1)


#: a moderation step in an item's public history, in words residents understand (issue 11: after
#: a restore, "Moderation: Accepted" read as if the municipality had accepted the idea)
PUBLIC_STEPS = {
    "published": _l("Checked by a moderator and published"),
    "restored": _l("Checked again by a moderator and shown again"),
    "kept": _l("Reports checked by a moderator: it stays published"),
    "hidden": _l("Removed by a moderator"),
    "rejected": _l("Not published: it broke the rules for contributions"),
    "pending": _l("Waiting for moderation"),
}
_REMOVED = (ModerationState.hidden.value, ModerationState.rejected.value)


def public_step(from_state: str | None, to_status: str) -> str:
    """A moderation step for the public history: `from_state` is the item's moderation state
    before the decision, `to_status` what the public saw after it (a moderation state, or the
    item's own status, e.g. an idea's "accepted", when it was published)."""
    if to_status in PUBLIC_STEPS and to_status != "published":
        return str(PUBLIC_STEPS[to_status])
    if from_state in _REMOVED:
        return str(PUBLIC_STEPS["restored"])
    if from_state == ModerationState.published.value:
        return str(PUBLIC_STEPS["kept"])
    return str(PUBLIC_STEPS["published"])
