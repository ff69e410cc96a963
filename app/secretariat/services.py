"""The secretariat's writes: membership of the network and network cases; and the members'
answers. Services flush and audit, never commit."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from app.core import audit
from app.core.clock import aware, utcnow
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.i18n import WRITTEN_FORMS
from app.secretariat.models import CaseKind, NetworkCase, NetworkCaseOption, NetworkCaseResponse
from app.secretariat.permissions import can_act_for, can_answer, can_edit_case, runs_network

#: a network vote has at least this many options, and at most MAX_OPTIONS
MIN_OPTIONS, MAX_OPTIONS = 2, 12


class SecretariatError(ServiceError):
    """A refusal of the secretariat's tools or of a member's answer."""


# --- membership ------------------------------------------------------------------------------

def set_membership(municipality, actor, active: bool) -> None:
    """Make `municipality` a member (its pages go live) or take it out of the network (its pages
    are hidden). Nothing is deleted: its content, accounts and answers stay and come back when it
    is activated again. Refuses anyone but the secretariat, and a change to the state it has."""
    if not runs_network(actor):
        raise SecretariatError(_("Only the network's secretariat can change who is a member."))
    if bool(municipality.is_active) == active:
        raise SecretariatError(
            _("%(name)s is already a member.", name=municipality.display_name) if active else
            _("%(name)s is not a member.", name=municipality.display_name))
    municipality.is_active = active
    db.session.flush()
    audit.record("municipality.activated" if active else "municipality.deactivated", municipality,
                 actor=actor, municipality=municipality,
                 before={"is_active": not active}, after={"is_active": active})


# --- network cases ---------------------------------------------------------------------------

def _check_case(data: dict) -> list[tuple[str | None, str | None]]:
    """The options of a vote as (nb, nn) pairs; refuses a case without a title in either
    written form, closing before it opens, and a vote with too few or too many options."""
    if not any((data.get(f"title_{form}") or "").strip() for form in WRITTEN_FORMS):
        raise SecretariatError(_("Give the case a title in bokmål or nynorsk."), field="title_nb")
    if aware(data["closes_at"]) <= aware(data["opens_at"]):
        raise SecretariatError(_("The case must close after it opens."), field="closes_at")
    if CaseKind(data["kind"]) is not CaseKind.vote:
        return []
    nb = [line.strip() for line in (data.get("options_nb") or "").splitlines() if line.strip()]
    nn = [line.strip() for line in (data.get("options_nn") or "").splitlines() if line.strip()]
    if nb and nn and len(nb) != len(nn):
        raise SecretariatError(_("Write as many options in nynorsk as in bokmål, one per line, in "
                                 "the same order."), field="options_nn")
    count = max(len(nb), len(nn))
    if not MIN_OPTIONS <= count <= MAX_OPTIONS:
        raise SecretariatError(_("A vote needs from %(low)d to %(high)d options, one per line.",
                                 low=MIN_OPTIONS, high=MAX_OPTIONS), field="options_nb")
    return [(nb[i] if nb else None, nn[i] if nn else None) for i in range(count)]


def _apply(case: NetworkCase, data: dict) -> None:
    options = _check_case(data)
    case.kind = CaseKind(data["kind"])
    for field in ("title", "body"):
        for form in WRITTEN_FORMS:
            setattr(case, f"{field}_{form}", (data.get(f"{field}_{form}") or "").strip() or None)
    case.opens_at, case.closes_at = aware(data["opens_at"]), aware(data["closes_at"])
    case.options = [NetworkCaseOption(position=index, label_nb=nb, label_nn=nn)
                    for index, (nb, nn) in enumerate(options)]


def create_case(actor, data: dict) -> NetworkCase:
    """A new network case, as a draft only the secretariat sees. Refuses anyone but the
    secretariat and what `_check_case` refuses."""
    if not runs_network(actor):
        raise SecretariatError(_("Only the network's secretariat can create network cases."))
    case = NetworkCase(created_by_id=actor.id)
    _apply(case, data)
    db.session.add(case)
    db.session.flush()
    audit.record("network_case.created", case, actor=actor, after={"title": case.label})
    return case


def update_case(case: NetworkCase, actor, data: dict) -> None:
    """Change a draft; refuses a published case (members may already have answered it)."""
    if not can_edit_case(actor, case):
        raise SecretariatError(_("A published case can no longer be changed."))
    _apply(case, data)
    db.session.flush()
    audit.record("network_case.changed", case, actor=actor, after={"title": case.label})


def publish_case(case: NetworkCase, actor) -> None:
    """Publish a draft: member admins see it, and answer it between its opening and closing.
    Refuses a case already published and one that has already closed."""
    if not can_edit_case(actor, case):
        raise SecretariatError(_("The case is already published."))
    now = utcnow()
    if aware(case.closes_at) <= now:
        raise SecretariatError(_("The closing time has passed. Change it before you publish."))
    case.published_at = now
    db.session.flush()
    audit.record("network_case.published", case, actor=actor, after={"title": case.label})


def answer_case(case: NetworkCase, actor, municipality, *, option_id: int | None = None,
                text: str | None = None) -> NetworkCaseResponse:
    """Cast `municipality`'s one answer (consultation) or ballot (vote) in `case`, recorded with
    `actor`, who must administer that member municipality.

    Final once cast: a second answer for the same municipality is refused, also one that races
    the first from another window or from another admin (the unique (case, municipality)
    row decides). Refuses outside the case's open period, an unknown option and an empty text.
    """
    if not can_act_for(actor, municipality):
        raise SecretariatError(_("You cannot answer for %(name)s.", name=municipality.display_name))
    if not can_answer(actor, municipality, case):
        raise SecretariatError(_("The case is not open for answers."))
    values = {"case_id": case.id, "municipality_id": municipality.id, "cast_by_id": actor.id,
              "cast_at": utcnow()}
    if case.kind is CaseKind.vote:
        if option_id not in {option.id for option in case.options}:
            raise SecretariatError(_("Choose one of the options."), field="option")
        values["option_id"] = option_id
    else:
        text = (text or "").strip()
        if not text:
            raise SecretariatError(_("Write the municipality's answer."), field="text")
        values["text"] = text
    try:
        with db.session.begin_nested():
            response_id = db.session.scalar(
                insert(NetworkCaseResponse).values(**values).returning(NetworkCaseResponse.id))
    except IntegrityError:
        raise SecretariatError(_("%(name)s has already answered this case. An answer cannot be "
                                 "changed.", name=municipality.display_name)) from None
    response = db.session.get(NetworkCaseResponse, response_id)
    audit.record("network_case.answered", response, actor=actor, municipality=municipality,
                 after={"case_id": case.id, "option_id": option_id})
    return response
