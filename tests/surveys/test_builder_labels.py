"""The builder's facts have distinct labels, and saving a question or section says so."""
from __future__ import annotations

import re

from app.accounts.models import Role
from app.surveys.models import SurveyStatus
from tests.conftest import submit
from tests.surveys.factories import build_survey

BASE = "/asker/admin/undersokelser"


def flashes(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", m) for m in re.findall(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', html)]


def test_builder_labels_are_distinct_and_saving_confirms(client, auth, db, make_municipality,
                                                         make_user):
    asker = make_municipality("Asker")
    survey = build_survey(asker, status=SurveyStatus.draft)
    auth.login(make_user(role=Role.admin, municipality=asker))
    page = client.get(f"{BASE}/{survey.id}/?lang=nb").get_data(as_text=True)
    labels = re.findall(r"<dt>(.*?)</dt>", page[page.index('class="facts"'):])
    assert len(labels) == len(set(labels)), labels
    question = survey.questions[0]
    url = f"{BASE}/{survey.id}/sporsmal/{question.id}?lang=en"
    form = client.get(url).get_data(as_text=True)
    data = {name: value for name, value in re.findall(
        r'<(?:input|textarea)[^>]*name="([a-z_]+)"[^>]*?(?:value="([^"]*)")?[^>]*>', form)
        if name != "csrf_token"}
    data.update({"text_nb": "Hvordan reiser du oftest?", "text_nn": "Korleis reiser du oftast?",
                 "options_nb": "Buss\nTog\nSykkel", "options_nn": "Buss\nTog\nSykkel",
                 "section_id": str(question.section_id), "required": "y"})
    response = submit(client, url, data, follow_redirects=True)
    assert "The question is saved." in flashes(response.get_data(as_text=True))
    section = survey.sections[0]
    response = submit(client, f"{BASE}/{survey.id}/seksjoner/{section.id}?lang=en",
                      {"title_nb": "Reisen", "title_nn": "Reisa"}, follow_redirects=True)
    assert "The section is saved." in flashes(response.get_data(as_text=True))
