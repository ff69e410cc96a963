"""What moderation words are called on the page (lazy: rendered in the reader's language)."""
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext

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


def state_label(state) -> str:
    if isinstance(state, str):
        state = ModerationState(state)
    return str(STATE_LABELS[state])


def decision_done(value: str) -> str:
    label = DECISION_DONE.get(value)
    return str(label) if label is not None else pgettext("moderation", "Decision")
