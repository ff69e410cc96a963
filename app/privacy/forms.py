"""The form that deletes one's own account."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import Length, Optional


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[Optional(), Length(max=200)])
    confirmation = StringField(_l("Type the word to confirm"), validators=[Optional(), Length(max=20)])
    submit = SubmitField(_l("Delete my account"))
