"""Forms for experiences. The services check again what matters (a complete written form)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.core.forms import ConfirmForm, SdgField  # noqa: F401
from app.core.i18n import WRITTEN_FORMS
from app.core.vocabulary import theme_choices
from app.experiences.services import MAX_PARTICIPANTS, TEXT_FIELDS


def _theme_choices() -> list[tuple[str, str]]:
    return [("", _("No theme")), *theme_choices()]


_HINTS = {
    "asked": _l("The question put to residents, in a few sentences."),
    "outcome": _l("What the municipality decided or did with the input."),
    "differently": _l("Advice for the next municipality (optional)."),
}


def _title() -> StringField:
    return StringField(_l("Title"), validators=[Optional(), Length(max=200)])


def _text(label, name: str) -> TextAreaField:
    return TextAreaField(label, validators=[Optional(), Length(max=5000)], description=_HINTS[name])


class ExperienceForm(FlaskForm):
    title_nb = _title()
    asked_nb = _text(_l("What was asked"), "asked")
    outcome_nb = _text(_l("What came of it"), "outcome")
    differently_nb = _text(_l("What we would do differently"), "differently")
    title_nn = _title()
    asked_nn = _text(_l("What was asked"), "asked")
    outcome_nn = _text(_l("What came of it"), "outcome")
    differently_nn = _text(_l("What we would do differently"), "differently")
    participants = IntegerField(
        _l("How many took part"),
        validators=[InputRequired(_l("Give the number of participants.")),
                    NumberRange(min=0, max=MAX_PARTICIPANTS,
                                message=_l("Give a number from 0 upwards."))],
        description=_l("Suggested from the item's own figures; correct it if you know better."))
    theme = SelectField(_l("Theme"), default="", choices=_theme_choices)
    sdgs = SdgField(_l("UN Sustainable Development Goals"))
    submit = SubmitField(_l("Save"))

    def to_data(self) -> dict:
        data = {f"{name}_{form}": (self[f"{name}_{form}"].data or "").strip()
                for name in TEXT_FIELDS for form in WRITTEN_FORMS}
        data.update(participants=self.participants.data, theme=self.theme.data or None,
                    sdgs=self.sdgs.data or [])
        return data
