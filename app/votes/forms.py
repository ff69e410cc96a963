"""Forms for votes: the ballot, the admin's vote and project forms, and the confirmation of an
action."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField, DateTimeLocalField, Field, HiddenField, IntegerField, RadioField, SelectField,
    SelectMultipleField, StringField, SubmitField, TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import TextInput

from app.core.clock import NonexistentLocalTime, oslo_to_utc, utc_to_oslo_naive
from app.core.forms import ConfirmForm, SdgField  # noqa: F401
from app.core.vocabulary import theme_choices
from app.files.forms import image_field
from app.votes.labels import eligibility_choices, method_choices
from app.votes.models import Eligibility, VoteMethod


class KronerField(Field):
    """A whole amount of kroner; accepts `1 250 000`, `1250000` and `1 250 000 kr`."""

    widget = TextInput()

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:,}".replace(",", " ")

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "") or ""
        text = re.sub(r"[\s\u00a0\u202f.]", "", text).lower().removesuffix("kr").removesuffix(",-")
        text = text.removeprefix("nok")
        if not text:
            return
        if not text.isdigit() or len(text) > 13:
            raise ValueError(_l("Enter an amount in whole kroner, like 250 000."))
        self.data = int(text)


DATETIME_MESSAGE = _l("Enter a date and time, like 2026-11-27 14:00.")


class OsloDateTimeField(DateTimeLocalField):
    """A date and time typed in Norwegian local time, stored as UTC."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(DATETIME_MESSAGE) from None
        if self.data is not None:
            try:
                self.data = oslo_to_utc(self.data)
            except NonexistentLocalTime:  # the hour skipped when summer time starts
                self.data = None
                raise ValueError(DATETIME_MESSAGE) from None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return utc_to_oslo_naive(self.data).strftime("%Y-%m-%dT%H:%M") if self.data else ""


#: the bilingual texts of a vote or a project, as form fields
TEXT_NAMES = ("title_nb", "title_nn", "description_nb", "description_nn")


def _title_field() -> StringField:
    return StringField(_l("Title"), validators=[Optional(), Length(max=200)])


def _description_field(hint=None) -> TextAreaField:
    return TextAreaField(_l("Description"), description=hint,
                         validators=[Optional(), Length(max=10000)])


def _validate_texts(form, missing_title) -> bool:
    """A title in at least one written form, and a title wherever there is a description."""
    ok = True
    for lang in ("nb", "nn"):
        title, description = form[f"title_{lang}"], form[f"description_{lang}"]
        if (description.data or "").strip() and not (title.data or "").strip():
            title.errors.append(_l("Give a title for this written form too."))
            ok = False
    if ok and not any((form[f"title_{lang}"].data or "").strip() for lang in ("nb", "nn")):
        form.title_nb.errors.append(missing_title)
        ok = False
    return ok


def _texts_of(obj) -> dict:
    return {name: getattr(obj, name) or "" for name in TEXT_NAMES}


_VOTE_HINT = _l("What is being decided, and what happens with the result.")


class VoteForm(FlaskForm):
    text_names = TEXT_NAMES
    # the texts in each written form; the template groups them in a fieldset per form
    title_nb, description_nb = _title_field(), _description_field(_VOTE_HINT)
    title_nn, description_nn = _title_field(), _description_field(_VOTE_HINT)
    theme = SelectField(_l("Theme"), choices=[], validators=[Optional()],
                        description=_l("The network theme the vote belongs to (optional)."))
    sdgs = SdgField(_l("UN Sustainable Development Goals"))
    method = RadioField(_l("Voting method"),
                        choices=method_choices,
                        validators=[InputRequired(_l("Choose a voting method."))])
    max_choices = IntegerField(
        _l("Approval: most projects per voter"),
        description=_l("Only for approval voting. For example 3."),
        validators=[Optional(), NumberRange(min=1, max=100,
                                            message=_l("Enter a number from 1 to 100."))])
    budget = KronerField(_l("Participatory budget: the budget in kroner"),
                         description=_l("Only for a participatory budget. For example 2 000 000."))
    min_budget_share = IntegerField(
        _l("Participatory budget: least share of the budget a ballot must use (per cent)"),
        description=_l("Optional. Leave empty or 0 to let voters spend as little as they like."),
        validators=[Optional(), NumberRange(min=0, max=100,
                                            message=_l("Enter a share from 0 to 100."))])
    opens_at = OsloDateTimeField(_l("Voting opens"), description=_l("Norwegian time."),
                                 validators=[InputRequired(DATETIME_MESSAGE)])
    closes_at = OsloDateTimeField(_l("Voting closes"), description=_l("Norwegian time."),
                                  validators=[InputRequired(DATETIME_MESSAGE)])
    eligibility = RadioField(_l("Who can vote"), choices=eligibility_choices,
                             default=Eligibility.account.value)
    results_live = BooleanField(
        _l("Show results while the vote is open"),
        description=_l("Otherwise results are shown when the vote closes. Live results appear "
                       "from 5 ballots on."))
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, locked: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        #: fields fixed in this phase of the vote: not on the form at all
        self.locked = locked
        for name in locked:
            delattr(self, name)
        self.theme.choices = [("", _l("No theme"))] + theme_choices()

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        ok = _validate_texts(self, _l("Write the vote's title in bokmål, nynorsk or both.")) and ok
        if "method" in self.locked:
            return ok
        method = self.method.data
        if method == VoteMethod.approval.value and not self.max_choices.data:
            self.max_choices.errors.append(_l("Enter how many projects a voter may choose."))
            ok = False
        if method == VoteMethod.budget.value and not self.budget.data:
            self.budget.errors.append(_l("Enter the budget in kroner."))
            ok = False
        if self.opens_at.data and self.closes_at.data and self.closes_at.data <= self.opens_at.data:
            self.closes_at.errors.append(_l("Voting must close after it opens."))
            ok = False
        return ok

    def to_data(self) -> dict:
        """The submitted values for the services, without the locked fields."""
        data = {name: getattr(self, name).data for name in (
            *TEXT_NAMES, "theme", "sdgs", "method", "max_choices", "budget",
            "min_budget_share", "opens_at", "closes_at", "eligibility", "results_live")
            if name not in self.locked}
        for name in TEXT_NAMES:
            data[name] = (data[name] or "").strip() or None
        if "method" in data:
            data["method"] = VoteMethod(data["method"])
        if "eligibility" in data:
            data["eligibility"] = Eligibility(data["eligibility"])
        data["theme"] = data.get("theme") or None
        data["sdgs"] = sorted(data.get("sdgs") or [])
        return data

    @staticmethod
    def initial(vote) -> dict:
        """The form's values for an existing vote."""
        return {**_texts_of(vote), "theme": vote.theme or "",
                "sdgs": vote.sdgs, "method": vote.method.value,
                "max_choices": vote.max_choices, "budget": vote.budget,
                "min_budget_share": vote.min_budget_share, "opens_at": vote.opens_at,
                "closes_at": vote.closes_at, "eligibility": vote.eligibility.value,
                "results_live": vote.results_live}


class ProjectForm(FlaskForm):
    text_names = TEXT_NAMES
    title_nb, description_nb = _title_field(), _description_field()
    title_nn, description_nn = _title_field(), _description_field()
    cost = KronerField(_l("Estimated cost in kroner"), description=_l("For example 450 000."))
    theme = SelectField(_l("Theme"), choices=[], validators=[Optional()])
    sdgs = SdgField(_l("UN Sustainable Development Goals"))
    place = StringField(_l("Place (optional)"), description=_l("For example Asker sentrum."),
                        validators=[Optional(), Length(max=200)])
    image = image_field()
    alt_text = StringField(
        _l("Image description (alternative text)"),
        description=_l("Required with an image: what the image shows, for those who cannot see it."),
        validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("Save project"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme.choices = [("", _l("No theme"))] + theme_choices()

    @staticmethod
    def initial(project) -> dict:
        """The form's values for an existing project."""
        return {**_texts_of(project), "cost": project.cost,
                "theme": project.theme or "", "sdgs": project.sdgs, "place": project.place,
                "alt_text": project.image.alt_text if project.image else ""}

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        return _validate_texts(self, _l("Write the project's title in bokmål, nynorsk or both.")) \
            and ok

    def validate_cost(self, field):
        if field.data is None:
            raise ValidationError(_l("Enter the estimated cost in kroner."))

    def to_data(self) -> dict:
        return {
            **{name: (self[name].data or "").strip() or None for name in TEXT_NAMES},
            "cost": self.cost.data, "theme": self.theme.data or None,
            "sdgs": sorted(self.sdgs.data or []),
            "place": (self.place.data or "").strip() or None,
            "alt_text": (self.alt_text.data or "").strip(),
        }


class ReviewDraftForm(FlaskForm):
    """The admin confirms having read the machine-drafted texts."""

    confirmed = BooleanField(_l("I have read through the machine draft and corrected what "
                                "needed it"),
                             validators=[InputRequired(_l("Tick the box to confirm that you "
                                                          "have read the draft."))])


class BallotForm(FlaskForm):
    """The ballot as the vote page posts it; the services check the choices against the vote's
    rules, and their refusal becomes the form's error."""

    #: the ids of the chosen projects (one for single choice)
    project = SelectMultipleField(coerce=str, validate_choice=False)
    #: "review" from the vote page, "confirm" or "change" from the summary step
    step = HiddenField()
    #: a residents' vote: "I live in <municipality>" (labelled in the template, with the name)
    lives_here = BooleanField()
