"""axe-core with zero violations (WCAG 2.1 A/AA) on the survey, embed and results pages, the
builder and its forms, in bokmål and nynorsk, including the states after a failed submit."""
from __future__ import annotations

import pytest

from app.accounts.models import Role
from app.core.extensions import db as _db
from app.surveys.services import read_answers, submit_response
from app.surveys.models import QuestionType
from tests.browser.conftest import log_in
from tests.surveys.factories import build_survey, valid_answers

pytestmark = pytest.mark.browser

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}


def violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options=AXE_OPTIONS)
    return [f"{v['id']}: {v['help']} [{', '.join(' '.join(n['target']) for n in v['nodes'][:3])}]"
            for v in result.response["violations"]]


def add_responses(app, survey, n: int) -> None:
    from werkzeug.datastructures import MultiDict

    with app.test_request_context():
        for i in range(n):
            data = MultiDict()
            for key, value in valid_answers(survey).items():
                for item in value if isinstance(value, list) else [value]:
                    data.add(key, item)
            submit_response(survey, read_answers(survey, data), nonce=f"n{i}", channel="page")
        _db.session.commit()


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_survey_embed_and_results_pages_have_no_axe_violations(app, db, lang, make_municipality,
                                                               make_user, open_page):
    asker = make_municipality("Asker", embed_origins="http://127.0.0.1:5001",
                              accessibility_statement_url="https://uustatus.no/")
    admin = make_user(role=Role.admin, municipality=asker)
    survey = build_survey(asker, public_results=True)
    add_responses(app, survey, 6)
    sid, token = survey.id, survey.embed_token
    question_id = survey.questions[0].id
    section_id = survey.sections[0].id

    anonymous = open_page()
    staff = open_page()
    log_in(staff, admin.email, lang=lang)
    report = []

    def audit(page, path, *, submit=False):
        page.goto(f"{path}{'&' if '?' in path else '?'}lang={lang}")
        if submit:
            with page.expect_navigation():
                page.locator("main form button[type=submit], main form input[type=submit]").last.click()
            assert page.locator(".ds-error-summary").count() == 1, f"no errors shown on {path}"
        assert page.locator("html").get_attribute("lang") == lang, path
        report.extend(f"{path}{' (errors)' if submit else ''}: {v}" for v in violations(page))

    audit(anonymous, f"/asker/undersokelser/{sid}")
    audit(anonymous, f"/asker/undersokelser/{sid}", submit=True)
    audit(anonymous, f"/asker/undersokelser/{sid}/takk")
    audit(anonymous, "/asker/undersokelser/")
    audit(anonymous, f"/asker/undersokelser/{sid}/resultater")
    audit(anonymous, f"/embed/undersokelse/{token}")
    audit(anonymous, f"/embed/undersokelse/{token}", submit=True)
    audit(anonymous, f"/embed/undersokelse/{token}/takk")
    admin_base = f"/asker/admin/undersokelser/{sid}"
    for path in ("/asker/admin/undersokelser/", f"{admin_base}/", f"{admin_base}/resultater",
                 f"{admin_base}/forhandsvisning", f"{admin_base}/innstillinger",
                 f"{admin_base}/seksjoner/{section_id}", f"{admin_base}/sporsmal/{question_id}",
                 f"{admin_base}/sporsmal/ny", f"{admin_base}/slett"):
        audit(staff, path)
    audit(staff, f"{admin_base}/forhandsvisning", submit=True)
    audit(staff, "/asker/admin/undersokelser/ny")
    audit(staff, "/asker/admin/undersokelser/ny", submit=True)
    draft = build_survey(asker, title="Utkast")
    for kind in QuestionType:
        audit(staff, f"/asker/admin/undersokelser/{draft.id}/sporsmal/ny?type={kind.value}",
              submit=True)
    assert not report, f"{len(report)} axe violations in {lang}:\n  " + "\n  ".join(report)
