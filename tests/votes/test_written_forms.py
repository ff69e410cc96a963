"""Votes and projects in bokmål and nynorsk: the columns and their migration, the hybrid `title`
and `description`, the public pages in the reader's written form, and the machine draft of the
other written form (real Apertium), its review and the rule that it is never published unread."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy import select

from app.core.audit import AuditEvent
from app.core.drafting import DraftError
from app.core.extensions import db as _db
from app.core.extensions import migrate
from app.core.translation import Apertium
from app.votes import admin_services as manage
from app.votes.models import Project, Vote, VoteMethod, VotePhase
from tests.conftest import require, submit
from tests.test_migrations import MIGRATIONS, _migrate, fresh_database  # noqa: F401 (fixture)
from tests.votes.factories import hours

ADMIN = "/stemmeby/admin/avstemninger"
PUBLIC = "/stemmeby/avstemninger"
REVISION = "5e7a0c2b9d41"


@pytest.fixture
def town(make_municipality):
    return make_municipality("Stemmeby")


@pytest.fixture
def admin(auth, make_user, town):
    user = make_user(role="admin", municipality=town)
    auth.login(user)
    return user


@pytest.fixture
def apertium(app):
    require(Apertium().pairs() >= {("nb", "nn"), ("nn", "nb")},
            "Debian's apertium and apertium-nno-nob are not installed")


def draft_vote(town, **texts) -> Vote:
    """A draft (single choice, opens tomorrow) with two projects, written in bokmål."""
    vote = Vote(municipality_id=town.id, method=VoteMethod.single, opens_at=hours(24),
                closes_at=hours(24 * 14), **({"title_nb": "Vi ønsker nye benker",
                                              "description_nb": "Kommunen ønsker innspill fra "
                                                                "deg."} | texts))
    vote.projects = [
        Project(municipality_id=town.id, title_nb="Benker ved vannet", position=1,
                description_nb="Vi ønsker flere benker fra våren.", cost=10),
        Project(municipality_id=town.id, title_nb="Benker i sentrum", title_nn="Eigne benkar",
                position=2, cost=20)]
    _db.session.add(vote)
    _db.session.commit()
    return vote


def events(action: str) -> list[AuditEvent]:
    return _db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


# --- the columns ---------------------------------------------------------------------------


def test_title_and_description_keep_working_in_sql_and_on_instances(db, town):
    vote = draft_vote(town, title_nb="Bokmålstittel", title_nn="Nynorsktittel")
    only_nn = draft_vote(town, title_nb=None, title_nn="Berre nynorsk", description_nb=None,
                         description_nn="Skildring")
    legacy = Vote(municipality_id=town.id, method=VoteMethod.single, opens_at=hours(1), closes_at=hours(2),
                  title="Gammel kode", description="Som før")
    db.session.add(legacy)
    db.session.commit()

    assert (legacy.title_nb, legacy.description_nb, legacy.title_nn) == ("Gammel kode", "Som før", None)
    assert db.session.scalars(select(Vote.title).where(Vote.title.is_not(None))
                              .order_by(Vote.title)).all() == ["Bokmålstittel", "Gammel kode"]
    assert db.session.scalar(select(Vote.id).where(Vote.title == "Gammel kode")) == legacy.id
    assert db.session.scalar(select(Project.id).where(Project.title == "Benker i sentrum",
                                                      Project.vote_id == vote.id)) \
        == vote.projects[1].id
    # outside a request the reader's form is bokmål; a text written in nynorsk only stands in
    assert (vote.title, vote.title.lang, vote.title.fallback) == ("Bokmålstittel", "nb", False)
    assert (only_nn.title, only_nn.title.lang, only_nn.title.fallback) == ("Berre nynorsk", "nn", True)
    assert (only_nn.description, only_nn.description.lang) == ("Skildring", "nn")
    vote.title = "Endra"
    assert (vote.title_nb, vote.title_nn) == ("Endra", "Nynorsktittel")


def test_public_pages_show_the_readers_written_form_with_its_lang(db, client, town):
    vote = draft_vote(town, title_nn="Nye benkar i parken", description_nn="Kommunen ønskjer innspel.")
    vote.published_at = hours(-1)
    db.session.commit()

    nynorsk = client.get(f"{PUBLIC}/{vote.id}?lang=nn").get_data(as_text=True)
    assert '<h1 lang="nn">Nye benkar i parken</h1>' in nynorsk
    assert '<p class="lead vote-description" lang="nn">Kommunen ønskjer innspel.</p>' in nynorsk
    # a project written in bokmål only is shown in bokmål, marked as such
    assert '<h3 class="project-title" lang="nb">Benker ved vannet</h3>' in nynorsk
    assert '<h3 class="project-title" lang="nn">Eigne benkar</h3>' in nynorsk
    english = client.get(f"{PUBLIC}/{vote.id}?lang=en").get_data(as_text=True)
    assert '<h1 lang="nb">Vi ønsker nye benker</h1>' in english
    listing = client.get(f"{PUBLIC}/?lang=nn").get_data(as_text=True)
    assert '<span lang="nn">Nye benkar i parken</span>' in listing


def test_admin_writes_a_vote_and_a_project_in_nynorsk_only(db, client, admin):
    form = {"title_nn": "Innbyggjarbudsjett", "description_nn": "Del ut pengane.",
            "method": "single", "opens_at": "2031-03-01T12:00", "closes_at": "2031-04-01T12:00",
            "eligibility": "account"}
    assert submit(client, f"{ADMIN}/ny?lang=en", form).status_code == 302
    vote = db.session.scalar(select(Vote))
    assert (vote.title_nb, vote.title_nn, vote.description_nn) == \
        (None, "Innbyggjarbudsjett", "Del ut pengane.")
    new = f"{ADMIN}/{vote.id}/prosjekter/ny?lang=en"
    assert submit(client, new, {"title_nn": "Sykkelparkering", "cost": "100"}).status_code == 302
    assert db.session.scalar(select(Project.title_nn)) == "Sykkelparkering"
    [created] = events("vote.created")
    assert created.after["title_nn"] == "Innbyggjarbudsjett" and created.after["title_nb"] is None


def test_the_services_refuse_a_vote_without_a_title(db, town, make_user):
    with pytest.raises(manage.VoteError):
        manage.create_vote(town, make_user(), {"title_nb": "  ", "title_nn": None,
                                               "method": "single", "opens_at": hours(1),
                                               "closes_at": hours(2)})


# --- the machine draft ---------------------------------------------------------------------


def test_the_draft_fills_the_empty_nynorsk_texts_and_leaves_the_rest(db, client, admin, town,
                                                                     apertium):
    vote = draft_vote(town)
    page = f"{ADMIN}/{vote.id}?lang=en"
    assert "Make a draft in nynorsk" in client.get(page).get_data(as_text=True)

    response = submit(client, f"{ADMIN}/{vote.id}/maskinutkast?lang=en", {}, form_url=page)

    assert response.status_code == 302
    db.session.refresh(vote)
    assert "ønskjer" in vote.description_nn and "frå" in vote.description_nn
    first, second = vote.projects
    assert "ønskjer" in first.description_nn and "frå" in first.description_nn
    assert first.title_nn, "every project is drafted too"
    assert second.title_nn == "Eigne benkar", "a text already written is left alone"
    assert second.description_nn is None, "an empty original gives no draft"
    assert "ønskjer" in vote.title_nn
    assert vote.title_nb == "Vi ønsker nye benker", "the original is never touched"
    assert (vote.machine_drafted, vote.needs_review) == ("nn", True)
    [event] = events("vote.machine_drafted")
    assert event.actor_id == admin.id and event.after["target"] == "nn"
    assert event.after["fields"] == 4
    html = client.get(page).get_data(as_text=True)
    assert "The nynorsk text is a machine draft. Read it through" in html
    assert "Make a draft in nynorsk" not in html, "nothing is left to draft"


def test_a_vote_written_in_nynorsk_is_drafted_in_bokmal(db, town, make_user, apertium):
    vote = draft_vote(town, title_nb=None, description_nb=None, title_nn="Nye benkar",
                      description_nn="Kommunen ønskjer innspel frå deg.")
    assert manage.draft_source(vote) == "nn"
    manage.draft_vote_texts(vote, make_user(role="admin", municipality=town))
    assert vote.description_nb == "Kommunen ønsker innspill fra deg."
    assert vote.machine_drafted == "nb"


def test_a_machine_draft_is_never_published_unreviewed(db, client, admin, town, apertium):
    vote = draft_vote(town)
    page = f"{ADMIN}/{vote.id}?lang=en"
    submit(client, f"{ADMIN}/{vote.id}/maskinutkast", {}, form_url=page)
    html = client.get(page).get_data(as_text=True)
    assert "Read through the machine-translated text and confirm it before you publish." in html
    assert "Publish the vote" not in html

    forced = submit(client, f"{ADMIN}/{vote.id}/publiser?lang=en", {}, form_url=page)
    assert forced.status_code == 302
    db.session.refresh(vote)
    assert vote.phase is VotePhase.draft and not events("vote.published")
    with pytest.raises(DraftError):
        manage.publish_vote(vote, admin)
    db.session.rollback()

    unticked = submit(client, f"{ADMIN}/{vote.id}/gjennomlest?lang=en", {}, form_url=page)
    assert unticked.status_code == 302
    db.session.refresh(vote)
    assert vote.needs_review and not events("vote.draft_reviewed")
    assert "Tick the box to confirm" in client.get(page).get_data(as_text=True)

    submit(client, f"{ADMIN}/{vote.id}/gjennomlest?lang=en", {"confirmed": "y"}, form_url=page)
    db.session.refresh(vote)
    assert not vote.needs_review and vote.draft_reviewed_by_id == admin.id
    assert vote.draft_reviewed_at is not None
    [event] = events("vote.draft_reviewed")
    assert event.actor_id == admin.id
    assert f"read through by {admin.display_name}" in client.get(page).get_data(as_text=True)

    assert submit(client, f"{ADMIN}/{vote.id}/publiser", {}, form_url=page).status_code == 302
    db.session.refresh(vote)
    assert vote.phase is VotePhase.upcoming
    # the note stands where the reader sees the machine-drafted form (in the reader's language:
    # "Teksten er maskinomsett frå bokmål og lesen gjennom av kommunen.")
    note = 'class="muted machine-note"'
    assert note in client.get(f"{PUBLIC}/{vote.id}?lang=nn").get_data(as_text=True)
    assert note not in client.get(f"{PUBLIC}/{vote.id}?lang=nb").get_data(as_text=True)


def test_a_published_vote_is_not_machine_drafted(db, client, admin, town):
    vote = draft_vote(town)
    vote.published_at = hours(-1)
    db.session.commit()
    page = f"{ADMIN}/{vote.id}?lang=en"
    assert "Make a draft in" not in client.get(page).get_data(as_text=True)
    response = submit(client, f"{ADMIN}/{vote.id}/maskinutkast?lang=en", {}, form_url=page)
    assert response.status_code == 302
    db.session.refresh(vote)
    assert vote.title_nn is None and vote.machine_drafted is None
    assert "A published vote cannot get a machine draft" in client.get(page).get_data(as_text=True)


def test_without_an_engine_there_is_no_button_and_the_post_is_refused(app, db, client, admin,
                                                                       town, monkeypatch):
    monkeypatch.setitem(app.config, "TRANSLATION_ENGINE", "")
    vote = draft_vote(town)
    page = f"{ADMIN}/{vote.id}?lang=en"
    html = client.get(page).get_data(as_text=True)
    assert "Make a draft in" not in html and "Machine draft" not in html
    response = submit(client, f"{ADMIN}/{vote.id}/maskinutkast?lang=en", {}, form_url=page)
    assert response.status_code == 302
    db.session.refresh(vote)
    assert vote.title_nn is None and vote.machine_drafted is None
    assert not events("vote.machine_drafted")
    assert "Machine translation is not available." in client.get(page).get_data(as_text=True)


def test_the_draft_routes_are_for_the_municipalitys_admins(db, client, auth, make_user,
                                                           make_municipality, town):
    vote = draft_vote(town)
    other = make_municipality("Annenby")
    for user in (make_user(), make_user(role="admin", municipality=other)):
        auth.login(user)
        for tail in ("maskinutkast", "gjennomlest"):
            response = submit(client, f"{ADMIN}/{vote.id}/{tail}", {"confirmed": "y"},
                              form_url="/konto/logg-ut")
            assert response.status_code in (403, 404)
        auth.logout()
    db.session.refresh(vote)
    assert vote.title_nn is None and vote.machine_drafted is None


def test_a_copy_keeps_both_forms_and_asks_for_a_review_again(db, town, make_municipality,
                                                             make_user):
    vote = draft_vote(town, title_nn="Nye benkar", machine_drafted="nn")
    vote.draft_reviewed_at = hours(-1)
    other = make_municipality("Annenby")
    copy = manage.copy_vote(vote, make_user(role="admin", municipality=other), other)
    assert (copy.title_nb, copy.title_nn, copy.description_nb) == \
        (vote.title_nb, "Nye benkar", vote.description_nb)
    assert [p.title_nn for p in copy.projects] == [None, "Eigne benkar"]
    assert copy.machine_drafted == "nn" and copy.needs_review


# --- the migration -------------------------------------------------------------------------


def _insert(table: str, **values) -> None:
    columns, params = ", ".join(values), ", ".join(f":{name}" for name in values)
    with _db.engine.begin() as connection:
        connection.execute(sa.text(f"INSERT INTO {table} ({columns}) VALUES ({params})"), values)


def _rows(sql: str) -> list:
    with _db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(sql)).all()]


def test_the_migration_keeps_every_title_and_description(fresh_database):  # noqa: F811
    previous = ScriptDirectory.from_config(migrate.get_config(MIGRATIONS)) \
        .get_revision(REVISION).down_revision
    _migrate("upgrade", previous)
    when = "2026-11-01 10:00:00+00:00"
    _insert("municipalities", id=1, number="3203", official_name="Asker", name="Asker",
            slug="asker", county="Akershus", malform="bokmal", default_locale="nb",
            enabled_locales="nb,nn,en", is_active=True, moderation_mode="post", embed_origins="")
    _insert("votes", id=1, municipality_id=1, title="Budsjett 2027", description="Del ut pengene.",
            method="budget", opens_at=when, closes_at=when, eligibility="account",
            results_live=False, created_at=when, updated_at=when)
    _insert("vote_projects", id=1, municipality_id=1, vote_id=1, title="Sykkelvei",
            description="Langs sjøen.", cost=100, position=0)

    _migrate("upgrade", REVISION)

    assert _rows("SELECT title_nb, title_nn, description_nb, description_nn FROM votes") == \
        [("Budsjett 2027", None, "Del ut pengene.", None)]
    assert _rows("SELECT title_nb, title_nn, description_nb FROM vote_projects") == \
        [("Sykkelvei", None, "Langs sjøen.")]
    _insert("votes", id=2, municipality_id=1, title_nn="Berre nynorsk", description_nn="Tekst",
            method="single", opens_at=when, closes_at=when, eligibility="account",
            results_live=False, created_at=when, updated_at=when)

    _migrate("downgrade", previous)

    assert _rows("SELECT id, title, description FROM votes ORDER BY id") == [
        (1, "Budsjett 2027", "Del ut pengene."), (2, "Berre nynorsk", "Tekst")]
    assert _rows("SELECT title, description FROM vote_projects") == [("Sykkelvei", "Langs sjøen.")]
