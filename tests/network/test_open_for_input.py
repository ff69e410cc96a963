"""The network page and each municipality's home list what is open for input now."""
from __future__ import annotations

import re

from sqlalchemy import event, select

from app.consultations.models import Consultation, Phase
from app.core.extensions import db as _db
from app.municipalities.models import Municipality
from app.surveys.models import Survey
from app.votes.models import Vote


def titles_in(html: str) -> list[str]:
    block = html.split('id="open-now"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<a href="[^"]+">([^<]+)</a>', block)


def test_open_items_from_every_area_nearest_deadline_first(runner, client, db):
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    open_consultations = db.session.scalars(select(Consultation).where(
        Consultation.phase == Phase.open.value)).all()
    closed = db.session.scalars(select(Consultation).where(
        Consultation.phase != Phase.open.value)).all()
    votes = db.session.scalars(select(Vote).where(Vote.published_at.is_not(None))).all()
    surveys = db.session.scalars(select(Survey).where(Survey.is_open)).all()
    assert open_consultations and closed and votes and surveys

    front = titles_in(client.get("/?lang=nb").get_data(as_text=True))
    for consultation in open_consultations:
        assert consultation.title_nb in front or consultation.title_nn in front
    for consultation in closed:
        assert consultation.title_nb not in front
    assert "Hvordan reiser du til jobb?" in front
    open_votes = [v.title for v in votes if v.phase.value == "open"]
    assert open_votes and all(title in front for title in open_votes)

    asker = titles_in(client.get("/asker/?lang=nb").get_data(as_text=True))
    assert "Hvordan reiser du til jobb?" in asker
    assert not any(c.title_nn in asker for c in open_consultations if c.title_nn and not c.title_nb)
    bergen_home = client.get("/bergen/?lang=nb").get_data(as_text=True)
    assert all(c.title_nb not in titles_in(bergen_home) for c in closed if c.title_nb)


def test_the_front_page_queries_do_not_grow_with_content(app, runner, client):
    def count_queries(path: str) -> int:
        statements = []

        def before(*args):
            statements.append(args[2])

        with app.app_context():
            engine = _db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            assert client.get(path).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", before)
        return len(statements)

    assert runner.invoke(args=["demo-data"]).exit_code == 0
    with_demo = count_queries("/")
    assert with_demo <= 6, \
        "budget: municipalities, consultations, votes, surveys, experiences, figures"
    with app.app_context():
        for municipality in _db.session.scalars(select(Municipality).limit(60)):
            municipality.is_active = True
        _db.session.commit()
    assert count_queries("/") == with_demo
