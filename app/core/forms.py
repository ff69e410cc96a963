"""Form fields every area uses."""
from __future__ import annotations

from wtforms import SelectMultipleField
from wtforms.validators import Optional
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
