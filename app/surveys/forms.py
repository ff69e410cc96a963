"""Builder forms for municipal admins. Texts in bokmål and/or nynorsk, as the survey says."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField, DateTimeLocalField, IntegerField, RadioField, SelectField, StringField,
    SubmitField, TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.core.clock import NonexistentLocalTime, oslo_to_utc
from app.core.forms import ConfirmForm, DraftReviewForm, MachineDraftForm, SdgField  # noqa: F401
from app.core.vocabulary import theme_choices
from app.surveys.labels import WRITTEN_FORM_LABELS
from app.surveys.models import LONG_TEXT_MAX, QuestionType

MAX_OPTIONS = 30


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class _TwoLanguageForm(FlaskForm):
    """A form whose texts come in `<name>_nb` and `<name>_nn` pairs; those of the survey's
    written forms listed in REQUIRED_TEXTS must be filled in."""

    REQUIRED_TEXTS: tuple[str, ...] = ()

    def __init__(self, languages: list[str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = languages
        for name in list(self._fields):
            if name[-3:] in ("_nb", "_nn") and name[-2:] not in languages:
                del self[name]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for name in self.REQUIRED_TEXTS:
            for lang in self.languages:
                field = self._fields.get(f"{name}_{lang}")
                if field is not None and not (field.data or "").strip():
                    field.errors = list(field.errors) + [
                        _l("Write this text in %(language)s.", language=WRITTEN_FORM_LABELS[lang])]
                    ok = False
        return ok


def _pair(factory, label, *args, **kwargs):
    return (factory(_l("%(label)s (bokmål)", label=label), *args, **kwargs),
            factory(_l("%(label)s (nynorsk)", label=label), *args, **kwargs))


class SurveyForm(_TwoLanguageForm):
    REQUIRED_TEXTS = ("title",)

    languages_choice = RadioField(
        _l("Written form of the texts"), default="nb",
        choices=[("nb", _l("Bokmål")), ("nn", _l("Nynorsk")), ("nb,nn", _l("Both bokmål and nynorsk"))],
        description=_l("With both, each respondent reads the survey in the written form they chose."))
    title_nb, title_nn = _pair(StringField, _l("Title"), validators=[Length(max=200)])
    intro_nb, intro_nn = _pair(TextAreaField, _l("Introduction"), validators=[Length(max=5000)],
                               description=_l("What the survey is for and how the answers are used."))
    theme = SelectField(_l("Theme"), choices=[], validators=[Optional()],
                        description=_l("The network theme the survey belongs to (optional)."))
    sdgs = SdgField(_l("UN Sustainable Development Goals"))
    opens_at = DateTimeLocalField(_l("Opens"), validators=[Optional()], format="%Y-%m-%dT%H:%M",
                                  description=_l("Norwegian time. Empty: as soon as it is published."))
    closes_at = DateTimeLocalField(_l("Closes"), validators=[Optional()], format="%Y-%m-%dT%H:%M",
                                   description=_l("Norwegian time. Empty: open until you close it."))
    requires_login = RadioField(
        _l("Who can answer"), default="anonymous",
        choices=[("anonymous", _l("Anyone, anonymously (no account and no IP address is stored)")),
                 ("login", _l("Logged-in residents only, one answer each"))],
        description=_l("Embedded surveys only take anonymous answers; a survey that needs a log-in "
                       "sends respondents to the full page."))
    public_results = BooleanField(
        _l("Publish a summary of the results"),
        description=_l("Counts under 5 are not shown. Free-text answers are not part of it."))
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        # Every text field is shown while the written form is being chosen.
        super().__init__(["nb", "nn"], *args, **kwargs)
        self.theme.choices = [("", _l("No theme"))] + theme_choices()

    def validate(self, extra_validators=None) -> bool:
        self.languages = (self.languages_choice.data or "nb").split(",")
        ok = super().validate(extra_validators)
        ok = self._check_moments() and ok
        if self.opens_at.data and self.closes_at.data and self.closes_at.data <= self.opens_at.data:
            self.closes_at.errors = list(self.closes_at.errors) + [
                _l("The closing time must be after the opening time.")]
            ok = False
        return ok

    def _check_moments(self) -> bool:
        """Norwegian wall-clock times as UTC (`opens_utc`, `closes_utc`); refuses a time in the
        hour skipped when summer time starts."""
        ok = True
        for name in ("opens_at", "closes_at"):
            field = self[name]
            try:
                moment = oslo_to_utc(field.data) if field.data else None
            except NonexistentLocalTime:
                field.errors = list(field.errors) + [
                    _l("That time does not exist in Norway (summer time starts then). Choose "
                       "another.")]
                moment, ok = None, False
            setattr(self, name.replace("_at", "_utc"), moment)
        return ok

    def settings(self) -> dict:
        """What the services take: the form's data with the opening and closing times in UTC."""
        return {**self.data, "opens_at": self.opens_utc, "closes_at": self.closes_utc,
                "theme": self.theme.data or None, "sdgs": sorted(self.sdgs.data or [])}


class SectionForm(_TwoLanguageForm):
    title_nb, title_nn = _pair(StringField, _l("Section heading"), validators=[Length(max=200)],
                               description=_l("Optional when the survey has one section."))
    description_nb, description_nn = _pair(TextAreaField, _l("Section text"),
                                           validators=[Length(max=2000)])
    submit = SubmitField(_l("Save section"))


class QuestionForm(_TwoLanguageForm):
    REQUIRED_TEXTS = ("text",)

    section_id = SelectField(_l("Section"), coerce=int)
    text_nb, text_nn = _pair(StringField, _l("Question"), validators=[Length(max=500)])
    help_nb, help_nn = _pair(StringField, _l("Help text"), validators=[Length(max=1000)],
                             description=_l("Optional. Shown under the question."))
    options_nb, options_nn = _pair(TextAreaField, _l("Options"), validators=[Length(max=6000)],
                                   description=_l("One option per line, at least two."))
    scale = RadioField(_l("Scale"), default="1-5", choices=[("1-5", "1–5"), ("0-10", "0–10")])
    low_label_nb, low_label_nn = _pair(StringField, _l("What the lowest point means"),
                                       validators=[Length(max=100)])
    high_label_nb, high_label_nn = _pair(StringField, _l("What the highest point means"),
                                         validators=[Length(max=100)])
    min_choices = IntegerField(_l("Fewest options to choose"), validators=[Optional(), NumberRange(min=0, max=MAX_OPTIONS)])
    max_choices = IntegerField(_l("Most options to choose"), validators=[Optional(), NumberRange(min=1, max=MAX_OPTIONS)],
                               description=_l("Empty: no limit."))
    min_number = IntegerField(_l("Smallest number accepted"), validators=[Optional(), NumberRange(min=-10**9, max=10**9)])
    max_number = IntegerField(_l("Largest number accepted"), validators=[Optional(), NumberRange(min=-10**9, max=10**9)])
    max_length = IntegerField(_l("Most characters"), validators=[Optional(), NumberRange(min=1)])
    required = BooleanField(_l("An answer is required"))
    submit = SubmitField(_l("Save question"))

    FIELDS_BY_TYPE = {
        QuestionType.single_choice: {"options"},
        QuestionType.multiple_choice: {"options", "min_choices", "max_choices"},
        QuestionType.ranking: {"options"},
        QuestionType.scale: {"scale", "low_label", "high_label"},
        QuestionType.yes_no: set(),
        QuestionType.short_text: set(),
        QuestionType.long_text: {"max_length"},
        QuestionType.number: {"min_number", "max_number"},
    }
    OPTIONAL_FIELDS = {"options", "min_choices", "max_choices", "scale", "low_label", "high_label",
                       "min_number", "max_number", "max_length"}

    def __init__(self, question_type: QuestionType, languages, sections, *args, **kwargs):
        super().__init__(languages, *args, **kwargs)
        self.question_type = question_type
        keep = self.FIELDS_BY_TYPE[question_type]
        for name in list(self._fields):
            base = name[:-3] if name[-3:] in ("_nb", "_nn") else name
            if base in self.OPTIONAL_FIELDS and base not in keep:
                del self[name]
        self.section_id.choices = sections
        if len(sections) < 2:
            del self["section_id"]
        if "max_length" in self._fields:
            self.max_length.validators[-1] = NumberRange(min=1, max=LONG_TEXT_MAX)
            self.max_length.description = _l("At most %(max)s. Empty: %(max)s.", max=LONG_TEXT_MAX)

    def option_lists(self) -> dict[str, list[str]]:
        return {lang: _lines(self[f"options_{lang}"].data) for lang in self.languages
                if f"options_{lang}" in self._fields}

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.question_type.has_options:
            ok = self._check_options() and ok
        if "min_choices" in self._fields:
            ok = self._check_range(self.min_choices, self.max_choices,
                                   _l("The fewest must not be more than the most.")) and ok
            count = max((len(v) for v in self.option_lists().values()), default=0)
            if self.min_choices.data and self.min_choices.data > count:
                self.min_choices.errors = list(self.min_choices.errors) + [
                    _l("There are only %(num)s options.", num=count)]
                ok = False
        if "min_number" in self._fields:
            ok = self._check_range(self.min_number, self.max_number,
                                   _l("The smallest must be less than the largest."), strict=True) and ok
        return ok

    def _check_options(self) -> bool:
        lists = self.option_lists()
        ok = True
        for lang, options in lists.items():
            field = self[f"options_{lang}"]
            if len(options) < 2:
                field.errors = list(field.errors) + [_l("Write at least two options, one per line.")]
                ok = False
            elif len(options) > MAX_OPTIONS:
                field.errors = list(field.errors) + [_l("Write at most %(num)s options.", num=MAX_OPTIONS)]
                ok = False
            elif any(len(option) > 200 for option in options):
                field.errors = list(field.errors) + [_l("Each option can be at most 200 characters.")]
                ok = False
        if ok and len({len(options) for options in lists.values()}) > 1:
            self.options_nn.errors = list(self.options_nn.errors) + [
                _l("Write as many nynorsk options as bokmål options, in the same order.")]
            ok = False
        return ok

    @staticmethod
    def _check_range(low, high, message, strict=False) -> bool:
        if low.data is None or high.data is None:
            return True
        if high.data < low.data or strict and high.data == low.data:
            high.errors = list(high.errors) + [message]
            return False
        return True


class MoveForm(FlaskForm):
    direction = RadioField(choices=[("up", "up"), ("down", "down")], validators=[InputRequired()])
