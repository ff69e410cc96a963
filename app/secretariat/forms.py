"""Forms of the secretariat: a network case, a member's answer, and confirmations."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.core.i18n import localized
from app.secretariat.labels import kind_choices
from app.votes.forms import OsloDateTimeField
from app.core.forms import ConfirmForm  # noqa: F401 (the area's forms, one copy)


class CaseForm(FlaskForm):
    kind = RadioField(_l("Kind"), choices=kind_choices,
                      validators=[InputRequired(_l("Choose a consultation or a vote."))])
    title_nb = StringField(_l("Title (bokmål)"), validators=[Optional(), Length(max=200)])
    title_nn = StringField(_l("Title (nynorsk)"), validators=[Optional(), Length(max=200)])
    body_nb = TextAreaField(_l("Text (bokmål)"),
                            description=_l("What the members are asked, and why."),
                            validators=[Optional(), Length(max=20000)])
    body_nn = TextAreaField(_l("Text (nynorsk)"), validators=[Optional(), Length(max=20000)])
    options_nb = TextAreaField(
        _l("Options (bokmål)"),
        description=_l("For a vote: one option per line. Each member chooses one."),
        validators=[Optional(), Length(max=5000)])
    options_nn = TextAreaField(
        _l("Options (nynorsk)"),
        description=_l("Optional: the same options in nynorsk, one per line, in the same order."),
        validators=[Optional(), Length(max=5000)])
    opens_at = OsloDateTimeField(_l("Opens"), format="%Y-%m-%dT%H:%M",
                                 validators=[InputRequired(_l("Enter when the case opens."))])
    closes_at = OsloDateTimeField(_l("Closes"), format="%Y-%m-%dT%H:%M",
                                  validators=[InputRequired(_l("Enter when the case closes."))])
    submit = SubmitField(_l("Save draft"))

    def fill_from(self, case) -> None:
        """Show a draft's options one per line (the other fields fill themselves from `obj`)."""
        self.options_nb.data = "\n".join(o.label_nb or "" for o in case.options if o.label_nb)
        self.options_nn.data = "\n".join(o.label_nn or "" for o in case.options if o.label_nn)


class AnswerForm(FlaskForm):
    """A member's one answer or ballot; the options are the case's own."""

    option = RadioField(_l("The municipality's choice"), coerce=int, validate_choice=False,
                        validators=[Optional()])
    text = TextAreaField(_l("The municipality's answer"), validators=[Optional(), Length(max=20000)])
    confirm = BooleanField(
        _l("I answer on behalf of the municipality. I know the answer cannot be changed."),
        validators=[DataRequired(_l("Confirm that you answer on behalf of the municipality."))])
    submit = SubmitField(_l("Send the answer"))

    def for_case(self, case) -> AnswerForm:
        self.option.choices = [(option.id, localized(option, "label")) for option in case.options]
        return self
