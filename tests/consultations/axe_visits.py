"""How the axe audit (tests/browser/test_axe.py) visits the consultation pages in every state.

`register(...)` adds, for the consultation routes, visits of each phase (open, scheduled,
closed, concluded in nynorsk only), the refusal page of a closed consultation, the resident's
own answer pages, a machine draft awaiting review and a reviewed one (its edit page, and its
public page in nynorsk with the note), and the forms with errors; the downloads are named in NOT_PAGES. Routes not
named here are visited through tests/consultations/tenant_objects.py.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from app.consultations.models import (
    AnswerVisibility, Consultation, ConsultationAnswer, ConsultationInvitee, ConsultationKind,
    ConsultationQuestion,
)
from app.core.extensions import db
from app.moderation.models import ModerationState

ANONYMOUS, RESIDENT, ADMIN = "anonymous", "resident", "admin"


def _consultation(world, key: str, opens: datetime, closes: datetime, **fields) -> Consultation:
    consultation = Consultation(
        municipality_id=world.municipality.id, opens_at=opens, closes_at=closes,
        published_at=opens - timedelta(days=1), kind=ConsultationKind.plan,
        answer_visibility=AnswerVisibility.immediately, theme="mobilitet", sdgs=[3, 11],
        contact_name="Saksbehandler", contact_email="post@example.no", **fields)
    db.session.add(consultation)
    db.session.flush()
    return consultation


def scenes(world) -> dict:
    """The audit's consultations, made once per world: open, scheduled, closed, concluded."""
    found = getattr(world, "_consultations", None)
    if found is not None:
        return found
    now = datetime.now(timezone.utc)
    text = {"title_nb": "Reguleringsplan for sentrum", "summary_nb": "Kort om planen.",
            "body_nb": "Første avsnitt.\n\n- punkt en\n- punkt to"}
    open_ = _consultation(world, "open", now - timedelta(days=3), now + timedelta(days=50), **text)
    open_.questions.append(ConsultationQuestion(position=0, text_nb="Hva er viktigst?",
                                                text_nn="Kva er viktigast?"))
    open_.invitees.append(ConsultationInvitee(municipality_id=world.municipality.id,
                                              name="Statens vegvesen", email="firmapost@vegvesen.no"))
    closed = _consultation(world, "closed", now - timedelta(days=60), now - timedelta(days=5), **text)
    scheduled = _consultation(world, "scheduled", now + timedelta(days=5),
                              now + timedelta(days=60), **text)
    concluded = _consultation(
        world, "concluded", now - timedelta(days=90), now - timedelta(days=40),
        title_nn="Ny skule på Holmen", summary_nn="Kort om saka.", body_nn="Heile teksten.",
        conclusion_nn="Kommunestyret vedtok planen.", concluded_at=now - timedelta(days=10))
    draft = _consultation(world, "draft", now + timedelta(days=5), now + timedelta(days=60), **text)
    draft.published_at = None
    # a machine draft awaiting review, and a published one whose nynorsk was drafted and reviewed
    machine = _consultation(world, "machine", now + timedelta(days=5), now + timedelta(days=60),
                            title_nn="Reguleringsplan for sentrum", summary_nn="Kort om planen.",
                            machine_drafted="nn", **text)
    machine.published_at = None
    reviewed = _consultation(world, "reviewed", now - timedelta(days=3), now + timedelta(days=50),
                             title_nn="Reguleringsplan for sentrum", summary_nn="Kort om planen.",
                             body_nn="Første avsnitt.", machine_drafted="nn",
                             draft_reviewed_at=now, **text)
    answers = {}
    for key, consultation, state in (("mine", open_, ModerationState.pending),
                                     ("public", open_, ModerationState.published),
                                     ("concluded", concluded, ModerationState.published)):
        author = world.resident if key == "mine" else world.admin
        answers[key] = ConsultationAnswer(
            consultation=consultation, municipality_id=world.municipality.id,
            author_id=author.id, author_name=author.display_name, text="Et svar.\nTo linjer.",
            organisation_name="Demo velforening" if key == "public" else None,
            organisation_number="999999999" if key == "public" else None,
            moderation_state=state, public_notice_accepted=True, created_at=now)
        db.session.add(answers[key])
    db.session.commit()
    world._consultations = found = {"open": open_, "closed": closed, "scheduled": scheduled,
                                    "concluded": concluded, "draft": draft, "answers": answers,
                                    "machine": machine, "reviewed": reviewed}
    return found


def register(visits: dict, not_pages: dict, form_states: list, FormState, Visit) -> None:  # noqa: N803
    def path(world, key: str, tail: str = "") -> str:
        return f"/{world.slug}/horinger/{scenes(world)[key].id}{tail}"

    def admin(world, key: str, tail: str = "") -> str:
        return f"/{world.slug}/admin/horinger/{scenes(world)[key].id}{tail}"

    def mine(world, tail: str) -> str:
        return path(world, "open", f"/svar/{scenes(world)['answers']['mine'].id}{tail}")

    not_pages["tenant.consultations.attachment"] = "an answer's attachment (PDF, DOCX or ODT)"
    not_pages["tenant.consultations.admin_export"] = "the answers as CSV, JSON or ZIP"
    visits["tenant.consultations.detail"] = lambda w: [
        Visit(path(w, "open"), ANONYMOUS), Visit(path(w, "open"), RESIDENT),
        Visit(path(w, "scheduled"), ANONYMOUS), Visit(path(w, "closed"), ANONYMOUS),
        Visit(path(w, "concluded"), ANONYMOUS),
        Visit(path(w, "reviewed"), ANONYMOUS)]
    visits["tenant.consultations.answer"] = lambda w: [
        Visit(path(w, "open", "/svar"), RESIDENT),
        Visit(path(w, "closed", "/svar"), RESIDENT, status=403),
        Visit(path(w, "scheduled", "/svar"), RESIDENT, status=403)]
    visits["tenant.consultations.edit_answer"] = lambda w: [Visit(mine(w, "/endre"), RESIDENT)]
    visits["tenant.consultations.withdraw_answer"] = lambda w: [Visit(mine(w, "/trekk"), RESIDENT)]
    visits["tenant.consultations.admin_conclude"] = lambda w: [
        Visit(admin(w, "open", "/konklusjon"), ADMIN),
        Visit(admin(w, "closed", "/konklusjon"), ADMIN),
        Visit(admin(w, "concluded", "/konklusjon"), ADMIN)]
    visits["tenant.consultations.admin_edit"] = lambda w: [
        Visit(admin(w, "open"), ADMIN), Visit(admin(w, "draft"), ADMIN),
        Visit(admin(w, "machine"), ADMIN), Visit(admin(w, "reviewed"), ADMIN)]
    visits["tenant.consultations.admin_answers"] = lambda w: [
        Visit(admin(w, "open", "/svar"), ADMIN)]
    form_states += [
        FormState("consultation answer, nothing filled in",
                  lambda w: path(w, "open", "/svar"), {}, who=RESIDENT),
        FormState("new consultation, nothing filled in",
                  lambda w: f"/{w.slug}/admin/horinger/ny", {}, who=ADMIN),
        FormState("new consultation, deadline before opening",
                  lambda w: f"/{w.slug}/admin/horinger/ny", {
                      "#title_nb": "Plan", "#opens_at": "2027-03-01T12:00",
                      "#closes_at": "2027-02-01T12:00"}, who=ADMIN),
        FormState("invited bodies, a line without an address",
                  lambda w: admin(w, "open", "/instanser"), {"#bodies": "Uten adresse"}, who=ADMIN),
        FormState("documents, no file chosen",
                  lambda w: admin(w, "open", "/dokumenter"), {}, who=ADMIN),
        FormState("conclusion, nothing written",
                  lambda w: admin(w, "closed", "/konklusjon"), {}, who=ADMIN),
    ]
