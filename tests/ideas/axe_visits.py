"""How the axe audit (tests/browser/test_axe.py) visits the idea and moderation pages.

`register(...)` adds: the ideas list with ideas, filtered to nothing (empty state) and beyond the
last page; an idea with image, place, goals, answers, comments and replies as a visitor, as a
resident with the reply form open, and as staff (answer form); the author's view of a pending
idea; an idea in bokmål with a comment in nynorsk, as written and machine-translated
(`?omsett=nn`, `?omsett=nb`); the moderation queue with pending and reported items; the item page with reports and
history; the report form; and forms with errors (new idea, report, moderation settings,
decision without a reason). The audit log's CSV export is named in NOT_PAGES.
"""
from __future__ import annotations

import io

from PIL import Image
from werkzeug.datastructures import FileStorage

from app.accounts.services import create_user
from app.core.extensions import db
from app.ideas import services
from app.ideas.models import IdeaStatus
from app.moderation import services as moderation
from app.moderation.models import Decision, ModerationState, ReportReason
from app.municipalities.models import Municipality

ANONYMOUS, RESIDENT, ADMIN = "anonymous", "resident", "admin"


def _png() -> FileStorage:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (20, 90, 160)).save(out, "PNG")
    out.seek(0)
    return FileStorage(out, "park.png")


def scenes(world) -> dict:
    """The audit's ideas, made once per world."""
    found = getattr(world, "_ideas", None)
    if found is not None:
        return found
    municipality = db.session.get(Municipality, world.municipality.id)
    reporter = create_user("melder@example.no", "Korrekt-hest-batteri-9", "Mari Melder")
    rich = services.submit_idea(municipality, world.resident, {
        "title": "Benker og lys i parken", "theme": "mobilitet", "sdgs": [3, 11],
        "body": "Flere **benker** og bedre lys.\n\n- langs stien\n- ved lekeplassen\n\n"
                "Se https://www.example.no/park", "place_text": "Parken ved rådhuset",
        "latitude": 69.0117, "longitude": 23.0431, "image_alt": "Skisse av parken"}, _png())
    services.answer_idea(rich, world.admin, municipality, IdeaStatus.under_consideration,
                         "Vi ser på dette i budsjettet for neste år.")
    services.support_idea(rich, reporter, municipality)
    first = services.add_comment(rich, reporter, municipality, "Godt forslag!")
    services.add_comment(rich, world.admin, municipality, "Takk, vi følger opp.", first.id)
    pending = services.submit_idea(municipality, world.resident, {
        "title": "Ventende idé om sykkelparkering", "theme": "mobilitet",
        "body": "Sykkelparkering med tak ved skolen, takk."})
    pending.moderation_state = ModerationState.pending
    reported = services.submit_idea(municipality, world.resident, {
        "title": "Idé som er meldt", "theme": "kommunikasjon",
        "body": "En tekst noen mener bryter reglene."})
    moderation.report_item(reported, reporter, municipality, ReportReason.offensive, "Stygt språk")
    # an idea in bokmål with a comment in nynorsk: "?omsett=" translates one of them either way
    translated = services.submit_idea(municipality, world.resident, {
        "title": "Lys fra kommunen langs stien", "theme": "mobilitet",
        "body": "Vi ønsker lys fra kommunen.\n\n- ved skolen\n- ved [parken](https://www.example.no/park)"})
    translated.written_form = "nb"
    answer = services.add_comment(translated, reporter, municipality, "Eg er einig, det trengst.")
    answer.written_form = "nn"
    rejected = services.submit_idea(municipality, world.resident, {
        "title": "Avvist idé", "theme": "anskaffelser", "body": "Noe kommunen ikke kan gjøre noe med."})
    rejected.moderation_state = ModerationState.pending
    moderation.decide(rejected, world.admin, Decision.reject, "Utenfor kommunens ansvar")
    db.session.commit()
    world._ideas = {"rich": rich.id, "comment": first.id, "pending": pending.id,
                    "translated": translated.id,
                    "reported": reported.id, "rejected": rejected.id}
    return world._ideas


def register(VISITS, NOT_PAGES, FORM_STATES, FormState, Visit) -> None:
    NOT_PAGES["tenant.moderation.log_csv"] = "the audit log as a CSV download"

    def ideas(w):
        scenes(w)
        base = f"/{w.slug}/ideer/"
        return [Visit(base, ANONYMOUS), Visit(base + "?q=finnes-ikke&tema=mobilitet", ANONYMOUS),
                Visit(base + "?side=50", ANONYMOUS), Visit(base, RESIDENT)]

    def detail(w):
        s = scenes(w)
        path = f"/{w.slug}/ideer/{s['rich']}"
        return [Visit(path, ANONYMOUS), Visit(f"{path}?svar={s['comment']}", RESIDENT),
                Visit(path, ADMIN), Visit(f"/{w.slug}/ideer/{s['pending']}", RESIDENT),
                Visit(f"/{w.slug}/ideer/{s['rejected']}", RESIDENT),
                Visit(f"/{w.slug}/ideer/{s['translated']}", ANONYMOUS),
                Visit(f"/{w.slug}/ideer/{s['translated']}?omsett=nn", ANONYMOUS),
                Visit(f"/{w.slug}/ideer/{s['translated']}?omsett=nb", ANONYMOUS)]

    def queue(w):
        scenes(w)
        return [Visit(f"/{w.slug}/moderering/", ADMIN),
                Visit(f"/{w.slug}/moderering/?type=ideacomment", ADMIN)]

    def item(w):
        s = scenes(w)
        return [Visit(f"/{w.slug}/moderering/idea/{s['reported']}", ADMIN),
                Visit(f"/{w.slug}/moderering/idea/{s['rejected']}", ADMIN)]

    def log(w):
        scenes(w)
        return [Visit(f"/{w.slug}/moderering/logg", ADMIN)]

    VISITS.update({"tenant.ideas.index": ideas, "tenant.ideas.detail": detail,
                   "tenant.moderation.queue": queue, "tenant.moderation.item": item,
                   "tenant.moderation.log": log})

    FORM_STATES.extend([
        FormState("new idea, nothing filled in", lambda w: f"/{w.slug}/ideer/ny", {}, who=RESIDENT),
        FormState("new idea, point outside Norway", lambda w: f"/{w.slug}/ideer/ny", {
            "#title": "Sykkelvei", "#body": "En lang nok beskrivelse av ideen.",
            "#latitude": "59.33", "#longitude": "18.07"}, who=RESIDENT),
        FormState("report, nothing chosen",
                  lambda w: f"/{w.slug}/moderering/meld/idea/{scenes(w)['rich']}", {}, who=ADMIN),
        FormState("moderation settings, threshold 0", lambda w: f"/{w.slug}/moderering/innstillinger",
                  {"#report_threshold": "0"}, who=ADMIN),
        FormState("idea themes, empty name", lambda w: f"/{w.slug}/ideer/temaer", {}, who=ADMIN),
    ])
