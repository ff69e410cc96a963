"""The index follows the items (session events), `flask search reindex` rebuilds it, and the
migration fills it for the rows that exist when it runs."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from app.accounts.models import Role
from app.consultations.admin_services import publish_consultation
from app.core.clock import utcnow
from app.moderation.models import Decision, ModerationState
from app.moderation.services import decide
from app.search.models import SearchEntry
from app.surveys.admin_services import publish_survey, unpublish_survey
from app.surveys.models import SurveyStatus
from app.votes.admin_services import delete_vote, unpublish_vote
from tests.search import factories as f


def test_an_idea_leaves_the_results_when_moderation_hides_it_and_returns_when_restored(
        client, db, asker, make_user):
    idea = f.idea(asker, "Fotballbaner på Nesbru")
    moderator = make_user(role=Role.moderator, municipality=asker)
    assert f.hits(client, "q=fotballbanen") == ["Fotballbaner på Nesbru"]
    decide(idea, moderator, Decision.hide, "Personopplysninger")
    db.session.commit()
    assert f.hits(client, "q=fotballbanen") == []
    decide(idea, moderator, Decision.restore)
    db.session.commit()
    assert f.hits(client, "q=fotballbanen") == ["Fotballbaner på Nesbru"]


def test_a_pending_idea_is_found_once_approved(client, db, asker, make_user):
    idea = f.idea(asker, "Lekeplass ved stasjonen", state=ModerationState.pending)
    assert f.hits(client, "q=lekeplass") == []
    decide(idea, make_user(role=Role.moderator, municipality=asker), Decision.approve)
    db.session.commit()
    assert f.hits(client, "q=lekeplass") == ["Lekeplass ved stasjonen"]


def test_publishing_and_unpublishing_consultations_votes_and_surveys(client, db, asker, make_user):
    admin = make_user(role=Role.admin, municipality=asker)
    consultation = f.consultation(asker, title_nb="Parkeringsplan", published=False)
    survey = f.survey(asker, "Parkering i sentrum", status=SurveyStatus.draft)
    vote = f.vote(asker, "Parkeringshus")
    vote.opens_at = utcnow() + timedelta(days=2)  # upcoming: may be made a draft again
    db.session.commit()
    assert f.hits(client, "q=parkering") == ["Parkeringshus"]

    publish_consultation(consultation, admin)
    assert publish_survey(survey, admin) == []
    unpublish_vote(vote, admin)
    db.session.commit()
    assert sorted(f.hits(client, "q=parkering")) == ["Parkering i sentrum", "Parkeringsplan"]

    unpublish_survey(survey, admin)
    db.session.commit()
    assert f.hits(client, "q=parkering") == ["Parkeringsplan"]


def test_a_deleted_item_leaves_the_index(client, db, asker, make_user):
    vote = f.vote(asker, "Skatepark")
    vote.opens_at = utcnow() + timedelta(days=2)
    db.session.commit()
    assert f.hits(client, "q=skatepark") == ["Skatepark"]
    delete_vote(vote, make_user(role=Role.admin, municipality=asker))
    db.session.commit()
    assert f.hits(client, "q=skatepark") == []
    assert db.session.scalar(select(func.count()).select_from(SearchEntry)) == 0


def test_a_vote_is_found_by_its_projects(client, db, asker):
    vote = f.vote(asker, "Innbyggerbudsjett", projects=[("Badstue på brygga", 200_000)])
    assert f.hits(client, "q=badstuer") == ["Innbyggerbudsjett"]
    vote.projects[0].title = "Gapahuk i skogen"
    db.session.commit()
    assert f.hits(client, "q=badstue") == [] and f.hits(client, "q=gapahuken") == ["Innbyggerbudsjett"]


def test_reindex_rebuilds_the_index(runner, db, asker, voss, client):
    f.idea(asker, "Vannpost i parken")
    f.idea(asker, "Skjult vannpost", state=ModerationState.hidden)
    f.consultation(voss, title_nn="Vassverk for heile bygda")
    f.experience(voss, title_nb="Vannmåler-erfaringer")
    db.session.execute(delete(SearchEntry))
    db.session.commit()
    assert f.hits(client, "q=vannpost") == []

    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "3 of 4 items are visible and searchable." in result.output
    assert f.hits(client, "q=vannpost") == ["Vannpost i parken"]
    assert f.hits(client, "q=vassverket") == ["Vassverk for heile bygda"]
    # running it again changes nothing
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(SearchEntry)) == 3


@pytest.mark.parametrize("text, expected", [
    ("Kort tekst.", "Kort tekst."),
    ("## Overskrift\n\n*Viktig*: [lenke](https://example.no) her", "Overskrift Viktig: lenke her"),
    ("ord " * 100, ("ord " * 50).strip() + "…"),
])
def test_snippets_are_plain_and_short(text, expected):
    from app.search.documents import snippet

    assert snippet(text) == expected


def test_a_vote_is_about_the_goals_of_its_projects(client, db, asker):
    vote = f.vote(asker, "Budsjett for byrom", sdgs=[11])
    assert f.hits(client, "mal=11") == ["Budsjett for byrom"]
    assert f.hits(client, "mal=13") == []
    vote.projects[0].sdgs = [13]
    db.session.commit()
    assert f.hits(client, "mal=13") == ["Budsjett for byrom"]


def test_a_deleted_project_no_longer_finds_its_vote(client, db, asker):
    vote = f.vote(asker, "Nærmiljøbudsjett", projects=[("Ballbinge", 100), ("Benker", 200)])
    assert f.hits(client, "q=ballbinge") == ["Nærmiljøbudsjett"]
    db.session.delete(vote.projects[0])
    db.session.commit()
    assert f.hits(client, "q=ballbinge") == [] and f.hits(client, "q=benker") == ["Nærmiljøbudsjett"]
