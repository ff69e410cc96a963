"""Admins create, edit and publish votes and projects; every change is audited; rules lock."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from app.core.audit import AuditEvent
from app.files.models import StoredFile
from app.core.clock import to_oslo
from app.votes.models import Project, Vote, VoteMethod, VotePhase
from tests.conftest import submit
from tests.votes.factories import hours

ADMIN = "/stemmeby/admin/avstemninger"


@pytest.fixture
def town(make_municipality):
    return make_municipality("Stemmeby")


@pytest.fixture
def admin(auth, make_user, town):
    user = make_user(role="admin", municipality=town)
    auth.login(user)
    return user


def local(moment) -> str:
    return to_oslo(moment).strftime("%Y-%m-%dT%H:%M")


def vote_form(**overrides) -> dict:
    data = {"title_nb": "Innbyggerbudsjett 2027", "description_nb": "Del ut to millioner.",
            "method": "budget", "budget": "2 000 000 kr", "min_budget_share": "",
            "max_choices": "", "opens_at": local(hours(24)), "closes_at": local(hours(24 * 14)),
            "eligibility": "account"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def events(db, action: str) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 120, 60)).save(out, "JPEG")
    return out.getvalue()


def test_admin_creates_a_participatory_budget(db, client, admin, town):
    response = submit(client, f"{ADMIN}/ny?lang=en", vote_form())
    assert response.status_code == 302
    vote = db.session.scalar(select(Vote))
    assert (vote.method, vote.budget, vote.municipality_id) == (VoteMethod.budget, 2_000_000, town.id)
    assert vote.phase is VotePhase.draft and vote.max_choices is None
    assert abs(vote.opens_at.replace(tzinfo=None) - hours(24).replace(tzinfo=None)) < timedelta(minutes=1)
    [event] = events(db, "vote.created")
    assert event.actor_id == admin.id and event.municipality_id == town.id
    assert event.after["budget"] == 2_000_000


@pytest.mark.parametrize("overrides, message", [
    ({"title_nb": "", "description_nb": ""}, "Write the vote's title in bokmål, nynorsk or both."),
    ({"description_nn": "Del ut pengar."}, "Give a title for this written form too."),
    ({"budget": ""}, "Enter the budget in kroner."),
    ({"budget": "to millioner"}, "Enter an amount in whole kroner"),
    ({"method": "approval", "budget": ""}, "Enter how many projects a voter may choose."),
    ({"closes_at": local(hours(1))}, "Voting must close after it opens."),
    ({"opens_at": "i morgen"}, "Enter a date and time"),
    ({"min_budget_share": "120"}, "Enter a share from 0 to 100."),
    ({"method": None}, "Choose a voting method."),
])
def test_vote_form_explains_what_is_wrong(db, client, admin, overrides, message):
    response = submit(client, f"{ADMIN}/ny?lang=en", vote_form(**overrides))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html
    assert 'class="ds-error-summary"' in html
    assert db.session.scalar(select(Vote)) is None


def _draft(db, client):
    submit(client, f"{ADMIN}/ny?lang=en", vote_form())
    return db.session.scalar(select(Vote))


def test_projects_with_image_theme_and_goals_then_publish(db, client, admin, town):
    vote = _draft(db, client)
    page = f"{ADMIN}/{vote.id}?lang=en"
    html = client.get(page).get_data(as_text=True)
    assert "Add at least two projects." in html and "Publish the vote" not in html

    new = f"{ADMIN}/{vote.id}/prosjekter/ny?lang=en"
    missing_alt = submit(client, new, {"title_nb": "Luftsensorer", "cost": "450 000", "theme": "apne-data",
                                       "sdgs": ["3", "11"], "image": (io.BytesIO(jpeg()), "luft.jpg")},
                         content_type="multipart/form-data")
    assert "alternative text" in missing_alt.get_data(as_text=True)
    assert db.session.scalar(select(Project)) is None and db.session.scalar(select(StoredFile)) is None

    response = submit(client, new, {"title_nb": "Luftsensorer", "cost": "450 000", "theme": "apne-data",
                                    "sdgs": ["3", "11"], "place": "Asker sentrum",
                                    "alt_text": "En sensor på en lyktestolpe",
                                    "image": (io.BytesIO(jpeg()), "luft.jpg")},
                      content_type="multipart/form-data")
    assert response.status_code == 302
    submit(client, new, {"title_nb": "Smart gatelys", "cost": "900000"})
    project = db.session.scalar(select(Project).where(Project.title == "Luftsensorer"))
    assert (project.cost, project.theme, project.sdgs, project.place) == (
        450_000, "apne-data", [3, 11], "Asker sentrum")
    assert project.image.alt_text == "En sensor på en lyktestolpe" and not project.image.is_public

    response = submit(client, f"{ADMIN}/{vote.id}/publiser?lang=en", {}, form_url=page)
    assert response.status_code == 302
    db.session.refresh(vote)
    assert vote.phase is VotePhase.upcoming
    assert db.session.get(StoredFile, project.image_id).is_public, "published images are public"
    assert [len(events(db, a)) for a in ("vote.project_added", "vote.published")] == [2, 1]
    public = client.get(f"/stemmeby/avstemninger/{vote.id}?lang=en").get_data(as_text=True)
    assert 'alt="En sensor på en lyktestolpe"' in public and "Sustainable cities and communities" in public


def test_cost_in_a_wrong_format_is_explained(db, client, admin):
    vote = _draft(db, client)
    response = submit(client, f"{ADMIN}/{vote.id}/prosjekter/ny?lang=en", {"title_nb": "X", "cost": "mye"})
    assert "Enter an amount in whole kroner" in response.get_data(as_text=True)
    response = submit(client, f"{ADMIN}/{vote.id}/prosjekter/ny?lang=en", {"title_nb": "X", "cost": ""})
    assert "Enter the estimated cost in kroner." in response.get_data(as_text=True)


def test_editing_a_vote_is_audited_with_before_and_after(db, client, admin):
    vote = _draft(db, client)
    form = vote_form(title_nb="Nytt navn", budget="3 000 000")
    response = submit(client, f"{ADMIN}/{vote.id}?lang=en", form)
    assert response.status_code == 302
    [event] = events(db, "vote.updated")
    assert event.before == {"title_nb": "Innbyggerbudsjett 2027", "budget": 2_000_000}
    assert event.after == {"title_nb": "Nytt navn", "budget": 3_000_000}
    submit(client, f"{ADMIN}/{vote.id}?lang=en", form)
    assert len(events(db, "vote.updated")) == 1, "saving without changes logs nothing"


def test_once_open_the_rules_and_costs_are_fixed(db, client, admin, town, make_vote):
    vote = make_vote(town)
    page = f"{ADMIN}/{vote.id}?lang=en"
    html = client.get(page).get_data(as_text=True)
    assert 'name="method"' not in html and 'name="budget"' not in html and 'name="title_nb"' in html
    assert "Add a project" not in html
    later = local(hours(24 * 30))
    response = submit(client, page, {"title_nb": "Nytt navn", "description_nb": "", "closes_at": later,
                                     "method": "single", "budget": "1"})
    assert response.status_code == 302
    db.session.refresh(vote)
    assert (vote.title, vote.method, vote.budget) == ("Nytt navn", VoteMethod.budget, 1_000_000)
    past = submit(client, page, {"title_nb": "Nytt navn", "closes_at": local(hours(-1))})
    assert "closing time must be in the future" in past.get_data(as_text=True)

    project = vote.projects[0]
    edit = f"{ADMIN}/{vote.id}/prosjekter/{project.id}?lang=en"
    response = submit(client, edit, {"title_nb": "Retta tittel", "cost": str(project.cost)})
    assert response.status_code == 302
    forged = submit(client, edit, {"title_nb": "Retta tittel", "cost": "1"})
    assert "costs cannot be changed" in forged.get_data(as_text=True)
    assert client.get(f"{ADMIN}/{vote.id}/prosjekter/ny").status_code == 302
    refused = submit(client, f"{ADMIN}/{vote.id}/prosjekter/ny?lang=en", {"title_nb": "Sent", "cost": "5"},
                     form_url=page, follow_redirects=True)
    assert "cannot be added or removed" in refused.get_data(as_text=True)
    db.session.refresh(project)
    assert (project.title, project.cost) == ("Retta tittel", 400_000)
    assert len(vote.projects) == 3


def test_publish_refuses_a_vote_with_problems(db, client, admin, town, make_vote):
    vote = make_vote(town, published=False, budget=100, projects=[("A", 500), ("B", 600)])
    response = submit(client, f"{ADMIN}/{vote.id}/publiser?lang=en", {}, form_url=f"{ADMIN}/{vote.id}")
    assert response.status_code == 302
    assert "Every project costs more than the budget." in client.get(f"{ADMIN}/{vote.id}?lang=en").get_data(as_text=True)
    db.session.refresh(vote)
    assert vote.published_at is None and not events(db, "vote.published")


def test_unpublish_and_delete_a_vote_that_has_not_opened(db, client, admin, town, make_vote):
    vote = make_vote(town, opens_at=hours(5), closes_at=hours(50))
    page = f"{ADMIN}/{vote.id}"
    submit(client, f"{page}/avpubliser", {}, form_url=page)
    db.session.refresh(vote)
    assert vote.published_at is None
    project = vote.projects[0]
    submit(client, f"{page}/prosjekter/{project.id}/slett", {}, form_url=f"{page}/prosjekter/{project.id}")
    assert len(db.session.scalars(select(Project)).all()) == 2
    submit(client, f"{page}/slett", {}, form_url=page)
    assert db.session.scalar(select(Vote)) is None
    actions = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-3:] == ["vote.unpublished", "vote.project_removed", "vote.deleted"]


def test_an_open_vote_cannot_be_deleted_or_unpublished(db, client, admin, town, make_vote):
    vote = make_vote(town)
    page = f"{ADMIN}/{vote.id}"
    for action in ("slett", "avpubliser"):
        response = submit(client, f"{page}/{action}?lang=en", {}, form_url=page)
        assert response.status_code == 302
    db.session.refresh(vote)
    assert vote.phase is VotePhase.open


def test_remove_project_image(db, client, admin):
    vote = _draft(db, client)
    submit(client, f"{ADMIN}/{vote.id}/prosjekter/ny", {
        "title_nb": "Lys", "cost": "10", "alt_text": "Gatelys", "image": (io.BytesIO(jpeg()), "l.jpg")},
        content_type="multipart/form-data")
    project = db.session.scalar(select(Project))
    edit = f"{ADMIN}/{vote.id}/prosjekter/{project.id}"
    assert 'alt="Gatelys"' in client.get(edit).get_data(as_text=True)
    submit(client, f"{edit}/fjern-bilde", {}, form_url=edit)
    db.session.refresh(project)
    assert project.image_id is None


def test_admin_index_lists_votes_with_turnout_and_pages(db, client, admin, town, make_vote):
    assert "There are no votes yet." in client.get(f"{ADMIN}/?lang=en").get_data(as_text=True)
    for n in range(22):
        make_vote(town, title=f"Avstemning {n:02d}")
    html = client.get(f"{ADMIN}/?lang=en").get_data(as_text=True)
    assert "Page 1 of 2" in html and html.count("/admin/avstemninger/") >= 20


@pytest.mark.parametrize("lang, goal, theme, method", [
    ("nb", "11. Bærekraftige byer og lokalsamfunn", "Åpne data", "Innbyggerbudsjett"),
    ("nn", "11. Berekraftige byar og lokalsamfunn", "Opne data", "Innbyggjarbudsjett"),
])
def test_the_forms_speak_the_readers_written_form(client, admin, town, make_vote, lang, goal,
                                                  theme, method):
    vote = make_vote(town, published=False)
    project_form = client.get(f"{ADMIN}/{vote.id}/prosjekter/ny?lang={lang}").get_data(as_text=True)
    assert goal in project_form and theme in project_form
    assert "Sustainable cities and communities" not in project_form and "Open data" not in project_form
    vote_form = client.get(f"{ADMIN}/ny?lang={lang}").get_data(as_text=True)
    assert method in vote_form and "Participatory budget" not in vote_form


def test_a_huge_page_number_is_the_last_page_not_an_error(client, admin, town, make_vote):
    make_vote(town)
    assert client.get(f"{ADMIN}/?side=99999999999999999999999").status_code == 200
    assert client.get("/stemmeby/avstemninger/?side=99999999999999999999999").status_code == 200
    assert client.get("/stemmeby/avstemninger/?side=tre").status_code == 200
