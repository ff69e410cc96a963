"""The network's front page: the latest experiences, themes and goals as links, and figures
for the network as a whole that equal the rows behind them."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from app.accounts.models import Role
from app.consultations.models import ConsultationAnswer
from app.core.vocabulary import SDGS, THEMES
from app.ideas.models import Idea
from app.moderation.models import ModerationState
from app.municipalities.models import Municipality
from app.surveys.models import SurveyResponse
from app.votes.models import Ballot
from tests.consultations.factories import make_answer
from tests.network.factories import fill


def figures_on(html: str) -> dict[str, int]:
    block = html.split('id="figures"')[1].split("</section>")[0]
    pairs = re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", block)
    return {label: int(re.sub(r"\D", "", value)) for label, value in pairs}


def test_the_figures_equal_the_rows(client, db, make_municipality, make_user):
    members = []
    for name, answers in (("Asker", 2), ("Voss", 1), ("Sovende", 4)):
        municipality = make_municipality(name)
        author = make_user(role=Role.resident, municipality=municipality)
        fill(municipality, author, name, answers=answers)
        members.append(municipality)
    asker = members[0]
    fill(asker, make_user(role=Role.resident, municipality=asker), "Ekstra")
    sleeping = members[2]
    sleeping.is_active = False
    db.session.commit()

    active = select(Municipality.id).where(Municipality.is_active.is_(True))

    def rows(model, *where):
        return db.session.scalar(select(func.count()).select_from(model).where(
            model.municipality_id.in_(active), *where))

    expected = {
        "Member municipalities": 2,
        "Ideas": rows(Idea, Idea.moderation_state == ModerationState.published),
        "Consultation answers": rows(ConsultationAnswer, ConsultationAnswer.is_approved),
        "Ballots cast": rows(Ballot),
        "Survey responses": rows(SurveyResponse),
    }
    # Asker: 2 answered ideas, 2 + 1 approved answers, 2 ballots, 2 responses; Voss: 1 of each
    assert expected == {"Member municipalities": 2, "Ideas": 3, "Consultation answers": 4,
                        "Ballots cast": 3, "Survey responses": 3}
    assert figures_on(client.get("/?lang=en").get_data(as_text=True)) == expected


def test_pending_and_withdrawn_answers_are_not_counted(client, db, make_municipality, make_user):
    asker = make_municipality("Asker")
    author = make_user(role=Role.resident, municipality=asker)
    fill(asker, author, "A", answers=1)
    from app.consultations.models import Consultation
    consultation = db.session.scalar(select(Consultation).where(
        Consultation.title_nb == "Avsluttet høring A"))
    make_answer(consultation, author, status="pending")
    make_answer(consultation, author, status="withdrawn")
    assert figures_on(client.get("/?lang=en").get_data(as_text=True))["Consultation answers"] == 1


def test_the_latest_experiences_themes_and_goals(client, db, make_municipality, make_user):
    for name in ("Asker", "Voss"):
        municipality = make_municipality(name)
        fill(municipality, make_user(role=Role.resident, municipality=municipality), name)
    html = client.get("/?lang=nb").get_data(as_text=True)
    latest = html.split('id="experiences"')[1].split("</section>")[0]
    assert "Erfaring Asker" in latest and "Erfaring Voss" in latest
    assert "Upublisert erfaring" not in latest
    assert all(f'href="/tema/{key}/"' in html for key in THEMES)
    goals = html.split('id="goals"')[1].split("</section>")[0]
    assert all(f'href="/mal/{number}/"' in goals for number in SDGS)


def test_an_empty_network_says_so(client):
    html = client.get("/?lang=en").get_data(as_text=True)
    assert "No experiences are published yet." in html
    assert figures_on(html) == {"Member municipalities": 0, "Ideas": 0, "Consultation answers": 0,
                                "Ballots cast": 0, "Survey responses": 0}
