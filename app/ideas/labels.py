"""Display vocabularies of the ideas area: what each status is called."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.ideas.models import IdeaStatus

STATUS_LABELS = {
    IdeaStatus.pending: _l("Waiting for moderation"),
    IdeaStatus.published: _l("New"),
    IdeaStatus.under_consideration: _l("Under consideration"),
    IdeaStatus.accepted: _l("Accepted"),
    IdeaStatus.implemented: _l("Implemented"),
    IdeaStatus.not_pursued: _l("Not pursued"),
    IdeaStatus.rejected: _l("Rejected"),
    IdeaStatus.hidden: _l("Hidden"),
}


def status_label(status: IdeaStatus | str):
    """The status's name (a lazy string, so it renders in the language of the page or mail);
    takes the enum or its stored value, as `IdeaStatusChange.to_status` has it."""
    return STATUS_LABELS[IdeaStatus(status)]


def status_choices(statuses) -> list[tuple[str, str]]:
    """(value, name) of these statuses in the current language: call it per request."""
    return [(status.value, str(STATUS_LABELS[status])) for status in statuses]


#: the "Vis på …" link, by the written form it shows the page in
SHOW_IN_LABELS = {"nb": _l("Show in bokmål"), "nn": _l("Show in nynorsk")}

#: the mark on a machine-translated text, by the written form it was written in
TRANSLATED_FROM_LABELS = {"nb": _l("Machine-translated from bokmål"),
                          "nn": _l("Machine-translated from nynorsk")}
