"""Display vocabularies of the survey area: lazy labels, looked up when shown."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.i18n import WRITTEN_FORM_NAMES as WRITTEN_FORM_LABELS  # noqa: F401  (one list)
from app.surveys.models import QuestionType

#: the written forms a survey's texts can be in

QUESTION_TYPE_LABELS = {
    QuestionType.single_choice: _l("Single choice"),
    QuestionType.multiple_choice: _l("Multiple choice"),
    QuestionType.scale: _l("Scale"),
    QuestionType.yes_no: _l("Yes or no"),
    QuestionType.short_text: _l("Short text"),
    QuestionType.long_text: _l("Long text"),
    QuestionType.number: _l("Number"),
    QuestionType.ranking: _l("Ranking"),
}

#: how a response came in (SurveyResponse.channel), as the CSV export names it
CHANNEL_LABELS = {"embed": _l("Embedded"), "page": _l("Web page")}
