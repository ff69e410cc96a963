"""Account forms: register, log in and out, passwords, language, name, address, follows."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField, HiddenField, PasswordField, RadioField, SelectField, StringField, SubmitField,
)
from wtforms.validators import Email, EqualTo, InputRequired, Length, ValidationError

from app.accounts.passwords import MAX_LENGTH, password_problem
from app.core.i18n import LANGUAGE_NAMES


def _check_password(form, field):
    email = form.email.data if hasattr(form, "email") else ""
    problem = password_problem(field.data or "", email or "")
    if problem:
        raise ValidationError(str(problem))


EMAIL_REQUIRED = InputRequired(message=_l("Enter your e-mail address."))
EMAIL_VALID = Email(message=_l("Enter a valid e-mail address, like navn@eksempel.no."),
                    check_deliverability=False)



def _display_name_field() -> StringField:
    """The display name, as every form that asks for it asks."""
    return StringField(
        _l("Display name"),
        description=_l("Shown with what you write. You may use a first name or a nickname."),
        validators=[InputRequired(message=_l("Enter a display name.")),
                    Length(min=2, max=80, message=_l("The display name must be 2 to 80 characters."))])

class RegisterForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[EMAIL_REQUIRED, EMAIL_VALID,
                                                         Length(max=254)])
    display_name = _display_name_field()
    password = PasswordField(
        _l("Password"), description=_l("At least 10 characters. A few random words work well."),
        validators=[InputRequired(message=_l("Choose a password.")), _check_password])
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[InputRequired(message=_l("Repeat the password.")),
                    EqualTo("password", message=_l("The two passwords are not the same."))])
    submit = SubmitField(_l("Create account"))


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[EMAIL_REQUIRED])
    password = PasswordField(_l("Password"),
                             validators=[InputRequired(message=_l("Enter your password."))])
    next = HiddenField()
    submit = SubmitField(_l("Log in"))


class LogoutForm(FlaskForm):
    submit = SubmitField(_l("Log out"))


class LogoutEverywhereForm(FlaskForm):
    submit = SubmitField(_l("Log out on all devices"))

    def __init__(self, *args, **kwargs):
        # its own field ids: it shares the account page with the log-out form
        super().__init__(*args, prefix="everywhere", **kwargs)


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[EMAIL_REQUIRED, EMAIL_VALID])
    submit = SubmitField(_l("Send me a link"))


def _new_password_fields():
    password = PasswordField(_l("New password"),
                             description=_l("At least 10 characters. A few random words work well."),
                             validators=[InputRequired(message=_l("Choose a password.")),
                                         Length(max=MAX_LENGTH)])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[InputRequired(message=_l("Repeat the password.")),
                    EqualTo("password", message=_l("The two passwords are not the same."))])
    return password, confirm


class ResetPasswordForm(FlaskForm):
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Save the new password"))


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"),
                            validators=[InputRequired(message=_l("Enter your current password."))])
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Save the new password"))


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=[])
    submit = SubmitField(_l("Save language"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locale.choices = [("", _l("Follow the municipality and browser"))] + [
            (code, name) for code, name in LANGUAGE_NAMES.items()]


class DisplayNameForm(FlaskForm):
    display_name = _display_name_field()
    submit = SubmitField(_l("Save the name"))


class ChangeEmailForm(FlaskForm):
    email = EmailField(_l("New e-mail address"), validators=[EMAIL_REQUIRED, EMAIL_VALID,
                                                             Length(max=254)])
    password = PasswordField(_l("Current password"),
                             description=_l("So that nobody else can move your account."))
    submit = SubmitField(_l("Send a confirmation link"))


class FollowForm(FlaskForm):
    """The follow button on an item's page and the "stop following" buttons of the list."""

    want = HiddenField()
    next = HiddenField()


def frequency_choices():
    """Built per request, in the reader's language."""
    return [("immediately", _l("At once, one mail per change")),
            ("daily", _l("Once a day, one mail with everything that changed")),
            ("never", _l("Never: I look for myself"))]


class FollowFrequencyForm(FlaskForm):
    frequency = RadioField(_l("How often do you want mail about what you follow?"), choices=[],
                           validators=[InputRequired(message=_l("Choose how often you want mail."))])
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.frequency.choices = frequency_choices()


class UnsubscribeForm(FlaskForm):
    """The one button behind the link in a follow mail (the signed link names the account; the
    form's token is the cookieless one of app/core/csrf.py for a visitor)."""

    submit = SubmitField(_l("Stop the mail"))


class IdportenSignupForm(FlaskForm):
    """A new account for a resident ID-porten vouched for: ID-porten gives no name or address."""

    display_name = _display_name_field()
    email = EmailField(
        _l("E-mail address"),
        description=_l("ID-porten does not tell us your address. We send a link to confirm it."),
        validators=[EMAIL_REQUIRED, EMAIL_VALID, Length(max=254)])
    submit = SubmitField(_l("Create account"))
