"""Form fields and small forms every area uses."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectMultipleField, SubmitField
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.vocabulary import sdg_choices


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (one per choice) instead of a multiple select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def SdgField(label, **options) -> MultiCheckboxField:  # noqa: N802 (a field factory reads like a field)
    """Checkboxes for the 17 goals, labelled in the language of each request."""
    return MultiCheckboxField(label, coerce=int, choices=sdg_choices, validators=[Optional()],
                              **options)


class ConfirmForm(FlaskForm):
    """A button that changes state (publish, withdraw, delete, link): CSRF and nothing else."""

    submit = SubmitField(_l("Confirm"))


class MachineDraftForm(FlaskForm):
    """Make a machine draft of the other written form; `replace` redoes an unreviewed one."""

    replace = BooleanField(_l("Replace the existing machine draft"), description=_l(
        "Translates every text of the other written form again, also those written or "
        "corrected by hand."))


class DraftReviewForm(FlaskForm):
    """The admin confirms having read (and corrected) the machine draft."""

    confirmed = BooleanField(_l("I have read through the machine draft and corrected what "
                                "needed it"),
                             validators=[InputRequired(_l("Tick the box to confirm that you "
                                                          "have read the draft."))])
