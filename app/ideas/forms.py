"""Forms of the ideas area. Choices that carry labels are built per form (per request)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from app.core.forms import SdgField
from app.files.forms import image_field
from app.ideas.labels import status_choices


class CoordinateField(DecimalField):
    """Decimal degrees; accepts the Norwegian decimal comma (59,8333) as well as the point."""

    def process_formdata(self, valuelist):
        super().process_formdata([value.replace(",", ".").strip() for value in valuelist])


def _no_honey(form, field):
    if field.data:
        raise ValidationError("honeypot")


class _Honeypot:
    #: left empty by people (it is hidden); bots fill it in
    website = StringField(_l("Leave this field empty"), validators=[_no_honey])

    def is_bot(self) -> bool:
        return bool(self.website.data)


class IdeaForm(_Honeypot, FlaskForm):
    title = StringField(_l("Title"), description=_l("A short name for the idea, at most 120 characters."),
                        validators=[InputRequired(_l("Give the idea a title.")),
                                    Length(min=3, max=120, message=_l("The title must be 3 to 120 characters."))])
    body = TextAreaField(
        _l("Describe the idea"),
        description=_l("What should be done, and why? Separate paragraphs with a blank line. "
                       "Web addresses become links; **bold**, *italic* and lists work too."),
        validators=[InputRequired(_l("Describe the idea.")),
                    Length(min=20, max=5000, message=_l("The description must be 20 to 5000 characters."))])
    theme = SelectField(_l("Theme"), validators=[InputRequired(_l("Choose a theme."))],
                        validate_choice=False)
    sdgs = SdgField(_l("UN Sustainable Development Goals (optional)"),
                    description=_l("Which of the goals does the idea help reach?"))
    place_text = StringField(_l("Place (optional)"),
                             description=_l("An address or a place name, e.g. Torget or Storgata 1."),
                             validators=[Optional(), Length(max=200)])
    latitude = CoordinateField(_l("Latitude (optional)"), places=None,
                            description=_l("Decimal degrees, e.g. 59.8333."),
                            validators=[Optional(), NumberRange(-90, 90, _l("Enter a latitude in decimal degrees."))])
    longitude = CoordinateField(_l("Longitude (optional)"), places=None,
                             description=_l("Decimal degrees, e.g. 10.4333."),
                             validators=[Optional(), NumberRange(-180, 180, _l("Enter a longitude in decimal degrees."))])
    image = image_field()
    image_alt = StringField(_l("Describe the image (alternative text)"),
                            description=_l("Required with an image: what does it show, for those who cannot see it?"),
                            validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("Submit idea"))

    def __init__(self, theme_choices, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme.choices = [("", _l("– Choose a theme –"))] + theme_choices

    def validate_theme(self, field):
        if field.data not in {key for key, _ in self.theme.choices if key}:
            raise ValidationError(_l("Choose a theme."))

    def validate_image_alt(self, field):
        if self.image.data and getattr(self.image.data, "filename", "") and not (field.data or "").strip():
            raise ValidationError(_l("Describe the image in a few words (alternative text)."))

    def validate_latitude(self, field):
        if (field.data is None) != (self.longitude.data is None):
            raise ValidationError(_l("Give both latitude and longitude, or neither."))


class CommentForm(_Honeypot, FlaskForm):
    body = TextAreaField(_l("Your comment"),
                         validators=[InputRequired(_l("Write a comment.")),
                                     Length(max=2000, message=_l("A comment can be at most 2000 characters."))])
    parent_id = HiddenField()
    submit = SubmitField(_l("Post comment"))


class EditCommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"),
                         validators=[InputRequired(_l("Write a comment.")),
                                     Length(max=2000, message=_l("A comment can be at most 2000 characters."))])
    submit = SubmitField(_l("Save changes"))


class SupportForm(FlaskForm):
    #: "1" to support, "0" to withdraw: the same request twice has the same effect
    want = HiddenField()


class AnswerForm(FlaskForm):
    status = SelectField(_l("New status"), validators=[InputRequired()], validate_choice=False)
    reason = TextAreaField(_l("Public reason"),
                           description=_l("Shown on the idea and mailed to its author."),
                           validators=[InputRequired(_l("Give a public reason for the answer.")),
                                       Length(max=4000)])
    submit = SubmitField(_l("Publish the answer"))

    def __init__(self, statuses, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = status_choices(statuses)

    def validate_status(self, field):
        if field.data not in {value for value, _ in self.status.choices}:
            raise ValidationError(_l("Choose a status from the list."))


class ThemeForm(FlaskForm):
    name = StringField(_l("New theme"), validators=[InputRequired(_l("Give the theme a name.")),
                                                    Length(min=2, max=80, message=_l("A theme name is 2 to 80 characters."))])
    submit = SubmitField(_l("Add theme"))


class RetireThemeForm(FlaskForm):
    pass
