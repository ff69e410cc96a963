"""The moderation forms: a decision (one item or many), a block, a report and the settings."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, SelectField, SelectMultipleField, \
    SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from app.moderation.labels import DECISION_ACTIONS, REPORT_REASONS
from app.moderation.models import Decision, ReportReason


class _ReasonMixin:
    def reason_text(self) -> str:
        """The reason picked from the list and the free text, joined."""
        picked = dict(self.reason.choices).get(self.reason.data, "") if self.reason.data else ""
        parts = [str(picked).strip(), (self.note.data or "").strip()]
        return " – ".join(p for p in parts if p)


def _reason_fields():
    return (
        SelectField(_l("Reason"), choices=[], validate_choice=False,
                    description=_l("The author is told this reason. Required to reject or hide.")),
        TextAreaField(_l("Explanation (optional)"), validators=[Optional(), Length(max=2000)],
                      description=_l("Added after the reason in the mail to the author.")),
    )


class DecisionForm(_ReasonMixin, FlaskForm):
    decision = RadioField(_l("Decision"), validators=[InputRequired(_l("Choose a decision."))])
    reason, note = _reason_fields()
    submit = SubmitField(_l("Save decision"))

    def __init__(self, decisions: list[Decision], reasons, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = [(d.value, DECISION_ACTIONS[d]) for d in decisions]
        self.reason.choices = [("", _l("– Choose a reason –"))] + [(r.text, r.text) for r in reasons]


class BulkDecisionForm(_ReasonMixin, FlaskForm):
    items = SelectMultipleField(_l("Selected items"), choices=[], validate_choice=False,
                                validators=[InputRequired(_l("Select at least one item."))])
    decision = SelectField(_l("Decision for the selected items"),
                           choices=[(d.value, DECISION_ACTIONS[d]) for d in Decision],
                           validators=[InputRequired()])
    reason, note = _reason_fields()
    submit = SubmitField(_l("Apply to selected"))

    def __init__(self, reasons, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = [("", _l("– Choose a reason –"))] + [(r.text, r.text) for r in reasons]


class BlockForm(FlaskForm):
    reason = TextAreaField(_l("Why is the user blocked?"),
                           validators=[InputRequired(_l("Give a reason for the block.")),
                                       Length(max=2000)],
                           description=_l("The user is told this reason by e-mail."))
    submit = SubmitField(_l("Block the author in this municipality"))


class UnblockForm(FlaskForm):
    submit = SubmitField(_l("Lift the block"))


class DiscountForm(FlaskForm):
    #: the "key:id" reference of the item page the form was sent from (to go back to)
    item = HiddenField()
    reason = TextAreaField(_l("Why should this reporter's reports not count? (optional)"),
                           validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Do not count this reporter's reports"))


class CountAgainForm(FlaskForm):
    #: the "key:id" reference of the item page the form was sent from (to go back to)
    item = HiddenField()
    submit = SubmitField(_l("Count this reporter's reports again"))


class ReportForm(FlaskForm):
    reason = RadioField(_l("What is wrong?"),
                        choices=[(r.value, REPORT_REASONS[r]) for r in ReportReason],
                        validators=[InputRequired(_l("Choose what is wrong."))])
    text = TextAreaField(_l("Tell us more"), validators=[Length(max=2000)],
                         description=_l("Required when you choose “Other”."))
    submit = SubmitField(_l("Send report"))

    def validate_text(self, field):
        if self.reason.data == ReportReason.other.value and not (field.data or "").strip():
            raise ValidationError(_l("Tell us what is wrong when you choose “Other”."))


class SettingsForm(FlaskForm):
    report_threshold = IntegerField(
        _l("Reports before an item is hidden"),
        description=_l("A published item is hidden until a moderator has looked at it when it "
                       "has this many open reports."),
        validators=[InputRequired(_l("Enter a whole number from 1 to 100.")),
                    NumberRange(1, 100, _l("Enter a whole number from 1 to 100."))])
    reasons = TextAreaField(
        _l("Reasons moderators choose from"),
        description=_l("One reason per line. Authors are told the reason for each decision."),
        validators=[InputRequired(_l("Write at least one reason.")), Length(max=8000)])
    submit = SubmitField(_l("Save settings"))

    def reason_lines(self) -> list[str]:
        return [line.strip() for line in (self.reasons.data or "").splitlines() if line.strip()]

    def validate_reasons(self, field):
        if any(len(line) > 200 for line in self.reason_lines()):
            raise ValidationError(_l("Keep each reason under 200 characters."))

