"""Demo ideas: Asker (post-moderation) and Voss (pre-moderation, nynorsk) with ideas in every
state, supports, comments and municipal answers; some wait in Voss' queue. Idempotent: a
municipality that has ideas already is left alone."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import Role, User
from app.accounts.services import create_user, grant_role
from app.core.extensions import db
from app.ideas import services
from app.ideas.models import Idea, IdeaStatus
from app.moderation import services as moderation
from app.moderation.models import Decision, ModerationState
from app.municipalities.models import Municipality

ASKER = [
    # title, body, theme, goals, place, (lat, lon), answers [(status, reason)], moderation
    ("Sykkelvei langs Slemmestadveien",
     "Mange sykler til jobb og skole langs Slemmestadveien, men det er farlig i dag.\n\n"
     "Et eget, opplyst felt for syklister fra Asker sentrum til Slemmestad vil gjøre det tryggere. "
     "Se også https://www.asker.kommune.no/",
     "mobilitet", [3, 11, 13], "Slemmestadveien", (59.80, 10.45),
     [("under_consideration", "Tas med i arbeidet med sykkelstrategien for 2027."),
      ("accepted", "Bystyret vedtok strekningen i handlingsprogrammet.")], None),
    ("Åpne data om ledige parkeringsplasser",
     "Kommunen bør publisere **sanntidsdata** om ledige plasser i innfartsparkeringene, "
     "slik at apper kan vise dem.", "apne-data", [9, 11], "Asker stasjon", None,
     [("accepted", "Vi publiserer dataene som en del av datastrategien."),
      ("implemented", "Dataene ligger nå på data.norge.no.")], None),
    ("Innbyggerpanel for klimaplanen",
     "Sett sammen et tilfeldig trukket innbyggerpanel som får gi råd om klimaplanen.",
     "innbyggerinvolvering", [13, 16], None, None, [], None),
    ("Felles innkjøp av elsparkesykler for hjemmetjenesten",
     "Hjemmetjenesten bruker mye tid i bil i sentrum. Kan vi prøve elsparkesykler?",
     "anskaffelser", [7, 12], None, None,
     [("not_pursued", "Vurdert, men sikkerheten om vinteren er ikke god nok.")], None),
    ("Reklame for billige solbriller", "Kjøp solbriller på nettbutikken vår, billig billig!",
     "kommunikasjon", [], None, None, [], "hide"),
]

VOSS = [
    ("Betre busstilbod til Bolstadøyri", "Bussen går for sjeldan til at folk kan la bilen stå.",
     "mobilitet", [11], "Bolstadøyri", (60.70, 6.12), [], "approve"),
    ("Ladestasjonar ved Voss stasjon", "Fleire ladestasjonar for elbil ved stasjonen, takk.",
     "mobilitet", [7], "Voss stasjon", (60.628, 6.414), [], None),
    ("Digital oppslagstavle for lag og foreiningar",
     "Ein felles kalender for alt som skjer i bygda, med opne data som andre kan bruke.",
     "kommunikasjon", [11, 17], None, None, [], None),
    ("Gratis parkering for alle heile tida", "Alle skal parkere gratis overalt.",
     "mobilitet", [], None, None, [], "reject"),
]


def _user(email: str, name: str, municipality, password: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = create_user(email, password, name)
    if user.role_in(municipality) is None:
        grant_role(user, municipality, Role.resident)
    return user


def _seed(municipality, residents, staff, rows) -> int:
    made = 0
    for n, (title, body, theme, goals, place, point, answers, decision) in enumerate(rows):
        author = residents[n % len(residents)]
        data = {"title": title, "body": body, "theme": theme, "sdgs": goals, "place_text": place,
                "latitude": point[0] if point else None, "longitude": point[1] if point else None}
        idea = services.submit_idea(municipality, author, data)
        idea.created_at = idea.created_at - timedelta(days=3 * (len(rows) - n), hours=n)
        if decision == "approve":
            moderation.decide(idea, staff, Decision.approve, "")
        elif decision == "reject":
            moderation.decide(idea, staff, Decision.reject,
                              "Ikkje noko kommunen kan gjere: parkering er regulert i eigen plan.")
        elif decision == "hide":
            moderation.decide(idea, staff, Decision.hide, "Reklame er ikke tillatt.")
        for status, reason in answers:
            services.answer_idea(idea, staff, municipality, IdeaStatus(status), reason)
        if idea.moderation_state is ModerationState.published:
            for supporter in residents[: len(residents) - n % len(residents)]:
                services.support_idea(idea, supporter, municipality)
            if n == 0:
                first = services.add_comment(idea, residents[-1], municipality,
                                             "Godt forslag! Det trengs virkelig.")
                if first.moderation_state is ModerationState.pending:
                    moderation.decide(first, staff, Decision.approve, "")
                reply = services.add_comment(idea, staff, municipality,
                                             "Takk for innspillet. Vi følger opp i planarbeidet.",
                                             first.id)
                # written in bokmål, in Voss too: there "Vis på nynorsk" translates them
                first.written_form = reply.written_form = "nb"
        made += 1
    return made


def load_idea_demo(echo, password: str) -> None:
    for slug, rows, names in (
            ("asker", ASKER, [("innbygger@demo.tinget.no", "Kari Innbygger"),
                              ("ola.asker@demo.tinget.no", "Ola Nordmann"),
                              ("aisha.asker@demo.tinget.no", "Aisha Berg")]),
            ("voss", VOSS, [("innbyggar.voss@demo.tinget.no", "Sigrid Lid"),
                            ("per.voss@demo.tinget.no", "Per Vangen")])):
        municipality = db.session.scalar(select(Municipality).where(Municipality.slug == slug))
        if municipality is None or db.session.scalar(
                select(Idea.id).where(Idea.municipality_id == municipality.id).limit(1)):
            continue
        residents = [_user(email, name, municipality, password) for email, name in names]
        staff = db.session.scalar(select(User).where(User.email == f"moderator.{slug}@demo.tinget.no"))
        echo(f"Ideas for {municipality.name}: {_seed(municipality, residents, staff, rows)}")
    db.session.flush()
