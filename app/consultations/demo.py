"""Demo consultations: an open plan consultation in Asker, an open one in nynorsk in Voss,
and a concluded one in Bergen, with documents, invited bodies and a few answers. Idempotent:
a consultation whose title is already there is left alone."""
from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import inspect, select
from werkzeug.datastructures import FileStorage

from app.accounts.models import User
from app.accounts.services import create_user
from app.core.clock import end_of_minute, oslo_to_utc, utc_to_oslo_naive, utcnow
from app.consultations.models import (
    AnswerVisibility, Consultation, ConsultationAnswer, ConsultationDocument, ConsultationInvitee,
    ConsultationKind, ConsultationQuestion, QuestionReply,
)
from app.core.extensions import db
from app.files.services import save_document
from app.moderation.models import ModerationState
from app.municipalities.models import Municipality

#: a fictional organisation number that passes the mod-11 check
DEMO_ORG_NUMBER = "999999999"


def pdf_document(title: str, lines: list[str]) -> bytes:
    """A small, valid one-page PDF with a title and some lines of Latin-1 text."""
    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = [f"BT /F1 18 Tf 56 780 Td ({escape(title)}) Tj ET"]
    for n, line in enumerate(lines):
        text.append(f"BT /F1 11 Tf 56 {750 - 16 * n} Td ({escape(line)}) Tj ET")
    stream = "\n".join(text).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def _person(email: str, name: str, password: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    return user or create_user(email, password, name)


def _at_oslo(days: int, hour: int, minute: int = 0):
    """A whole Oslo time `days` from today."""
    local = utc_to_oslo_naive(utcnow()).replace(hour=hour, minute=minute, second=0, microsecond=0)
    return oslo_to_utc(local + timedelta(days=days))


def _consultation(municipality, title_field: str, title: str, **fields) -> Consultation | None:
    existing = db.session.scalar(select(Consultation).where(
        Consultation.municipality_id == municipality.id,
        getattr(Consultation, title_field) == title))
    if existing is not None:
        return None
    consultation = Consultation(municipality_id=municipality.id, municipality=municipality,
                                **{title_field: title}, **fields)
    db.session.add(consultation)
    db.session.flush()
    return consultation


def _document(consultation, admin, filename: str, title: str, lines: list[str]) -> None:
    stored = save_document(FileStorage(io.BytesIO(pdf_document(title, lines)), filename),
                           consultation.municipality, admin, public=True)
    consultation.documents.append(ConsultationDocument(
        stored_file=stored, stored_file_id=stored.id, title=title,
        position=len(consultation.documents)))


def _invite(consultation, bodies) -> None:
    for name, email in bodies:
        consultation.invitees.append(ConsultationInvitee(
            municipality_id=consultation.municipality_id, name=name, email=email,
            invited_at=consultation.published_at))


def _answer(consultation, author, text, *, days_after_opening=1, state=ModerationState.published,
            organisation=None, replies=()) -> ConsultationAnswer:
    answer = ConsultationAnswer(
        consultation=consultation, municipality_id=consultation.municipality_id,
        author_id=author.id, author=author, author_name=author.display_name, text=text,
        organisation_name=organisation, organisation_number=DEMO_ORG_NUMBER if organisation else None,
        moderation_state=state, public_notice_accepted=True,
        created_at=consultation.opens_at + timedelta(days=days_after_opening, hours=3),
        moderated_at=None if state is ModerationState.pending
        else consultation.opens_at + timedelta(days=days_after_opening + 1))
    db.session.add(answer)
    for question, reply in zip(consultation.questions, replies):
        db.session.flush()
        answer.replies.append(QuestionReply(question_id=question.id, text=reply))
    return answer


def _asker(municipality, admin, people) -> None:
    opens = _at_oslo(-14, 9)
    consultation = _consultation(
        municipality, "title_nb", "Kommuneplanens arealdel 2027–2038",
        kind=ConsultationKind.plan, theme="innbyggerinvolvering", sdgs=[11, 13, 15],
        summary_nb="Forslag til ny arealdel av kommuneplanen er lagt ut til offentlig ettersyn. "
                   "Planen viser hvor Asker skal bygge boliger, næring og grøntområder fram mot 2038.",
        body_nb="Kommunestyret vedtok å legge forslaget ut til høring og offentlig ettersyn.\n\n"
                "Forslaget legger opp til at nye boliger kommer nær kollektivknutepunktene, "
                "og at marka og strandsonen skal vernes bedre.\n\n"
                "- Planbeskrivelsen forklarer valgene\n- Plankartet viser arealbruken\n"
                "- Bestemmelsene gjelder for all utbygging",
        opens_at=opens, closes_at=end_of_minute(_at_oslo(35, 23, 59)), published_at=opens,
        answer_visibility=AnswerVisibility.after_deadline,
        contact_name="Ingrid Planlegger", contact_email="plan@asker.kommune.no",
        contact_phone="66 90 00 00", created_by_id=admin.id)
    if consultation is None:
        return
    consultation.questions.append(ConsultationQuestion(
        position=0, text_nb="Hvilke områder bør skjermes for utbygging?"))
    _document(consultation, admin, "planbeskrivelse.pdf", "Planbeskrivelse",
              ["Kommuneplanens arealdel 2027-2038", "Forslag til offentlig ettersyn."])
    _document(consultation, admin, "plankart.pdf", "Plankart",
              ["Plankart, målestokk 1:20 000."])
    _invite(consultation, [("Statsforvalteren i Oslo og Akershus", "sfoapost@statsforvalteren.no"),
                           ("Statens vegvesen", "firmapost@vegvesen.no"),
                           ("Akershus fylkeskommune", "post@afk.no")])
    _answer(consultation, people[0], "Jeg støtter at nye boliger kommer nær stasjonene, "
            "men ber om at turveien langs Askerelva bevares.", replies=["Askerelva og Semsvannet"])
    _answer(consultation, people[1], "Velforeningen ber om trygg skolevei før nye felt bygges ut.",
            days_after_opening=3, organisation="Demo velforening")
    _answer(consultation, people[2], "Jeg vil ha flere sykkelparkeringer ved stasjonene.",
            days_after_opening=5, state=ModerationState.pending)


def _voss(municipality, admin, people) -> None:
    opens = _at_oslo(-7, 8)
    consultation = _consultation(
        municipality, "title_nn", "Trafikktryggleiksplan for Voss herad 2027–2030",
        kind=ConsultationKind.general, theme="mobilitet", sdgs=[3, 11],
        summary_nn="Heradet har laga framlegg til ny trafikktryggleiksplan. Kva meiner du er "
                   "dei farlegaste stadene for mjuke trafikantar?",
        body_nn="Planen skal gjera det tryggare å gå og sykla, særleg for born og unge.\n\n"
                "Vi vil gjerne høyra frå skular, foreldre og lag i bygdene.",
        opens_at=opens, closes_at=end_of_minute(_at_oslo(21, 23, 59)), published_at=opens,
        answer_visibility=AnswerVisibility.immediately,
        contact_name="Olav Vossevangen", contact_email="postmottak@voss.herad.no",
        created_by_id=admin.id)
    if consultation is None:
        return
    consultation.questions.append(ConsultationQuestion(
        position=0, text_nn="Kvar kjenner du deg utrygg i trafikken?"))
    _document(consultation, admin, "trafikktryggleiksplan.pdf", "Framlegg til plan",
              ["Trafikktryggleiksplan for Voss herad 2027-2030", "Framlegg til hoyring."])
    _invite(consultation, [("Vestland fylkeskommune", "post@vlfk.no"),
                           ("Statens vegvesen", "firmapost@vegvesen.no")])
    _answer(consultation, people[0], "Krysset ved Vangsgata treng eit opphøgd gangfelt.",
            replies=["Vangsgata ved skulen"])
    _answer(consultation, people[1], "FAU ved skulen ber om lågare fart forbi skulen.",
            days_after_opening=2, organisation="Demo FAU")


def _bergen(municipality, admin, people) -> None:
    opens = _at_oslo(-120, 9)
    closes = end_of_minute(_at_oslo(-70, 23, 59))
    consultation = _consultation(
        municipality, "title_nb", "Grønnere byrom langs Bybanen",
        kind=ConsultationKind.general, theme="smartbyretningslinjer", sdgs=[11],
        summary_nb="Hvordan kan byrommene rundt Bybanens holdeplasser bli grønnere og tryggere?",
        summary_nn="Korleis kan byromma rundt haldeplassane til Bybanen bli grønare og tryggare?",
        title_nn="Grønare byrom langs Bybanen",
        body_nb="Bergen kommune ba om innspill til en veileder for byrom ved holdeplassene.",
        body_nn="Bergen kommune bad om innspel til ein rettleiar for byrom ved haldeplassane.",
        opens_at=opens, closes_at=closes, published_at=opens,
        answer_visibility=AnswerVisibility.after_deadline,
        contact_name="Byrom Bergen", contact_email="byrom@bergen.kommune.no",
        conclusion_nb="Takk for 2 innspill. Veilederen er endret: alle nye holdeplasser skal ha "
                      "trær, sykkelparkering og lys. Bystyret vedtok veilederen 14. oktober.",
        conclusion_nn="Takk for 2 innspel. Rettleiaren er endra: alle nye haldeplassar skal ha "
                      "tre, sykkelparkering og lys. Bystyret vedtok rettleiaren 14. oktober.",
        concluded_at=closes + timedelta(days=20), created_by_id=admin.id)
    if consultation is None:
        return
    _document(consultation, admin, "veileder-byrom.pdf", "Utkast til veileder",
              ["Veileder for byrom ved Bybanen", "Utkast til horing."])
    _answer(consultation, people[0], "Flere benker og trær ved Florida-holdeplassen, takk.")
    _answer(consultation, people[2], "Lys på gangveiene er viktigst for meg om vinteren.",
            days_after_opening=9)


def load_consultation_demo(echo=print, password: str = "Tinget-demo-2026") -> None:
    """Create the demo consultations (see the module docstring); flushes, never commits.
    Skipped, with a message, on a database whose schema has no consultations yet."""
    if not inspect(db.session.connection()).has_table(Consultation.__tablename__):
        echo("Demo consultations skipped: the database has no consultation tables yet "
             "(run flask db upgrade).")
        return
    people = [_person("kari.svar@demo.tinget.no", "Kari Svarstad", password),
              _person("ola.svar@demo.tinget.no", "Ola Nordmann", password),
              _person("siri.svar@demo.tinget.no", "Siri Sykkel", password)]
    for slug, build in (("asker", _asker), ("voss", _voss), ("bergen", _bergen)):
        municipality = db.session.scalar(select(Municipality).where(Municipality.slug == slug))
        if municipality is None:
            continue
        admin = db.session.scalar(select(User).where(User.email == f"admin.{slug}@demo.tinget.no"))
        build(municipality, admin, people)
    db.session.flush()
    echo("Demo consultations: Asker (open plan), Voss (open, nynorsk), Bergen (concluded).")
