"""Forms for consultations. Field limits are enforced again by the services."""
from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField, DateTimeLocalField, EmailField, RadioField, SelectField, StringField,
    SubmitField, TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from app.consultations.admin_services import period_problem
from app.consultations.models import ConsultationKind
from app.core.orgnumber import normalise_org_number
from app.core.clock import NonexistentLocalTime, end_of_minute, oslo_to_utc
from app.core.forms import ConfirmForm, DraftReviewForm, MachineDraftForm, SdgField  # noqa: F401
from app.core.i18n import localized
from app.core.vocabulary import theme_choices
from app.files.forms import document_field

_EMAIL_MESSAGE = _l("Enter a valid e-mail address, like navn@eksempel.no.")


def _theme_choices() -> list[tuple[str, str]]:
    """The choice "No theme", then the network's themes, in the language of the request."""
    return [("", _("No theme")), *theme_choices()]


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ConsultationForm(FlaskForm):
    kind = RadioField(_l("Type of consultation"), default="general", choices=[
        ("general", _l("General consultation")),
        ("plan", _l("Plan under the Planning and Building Act (at least six weeks)"))])
    title_nb = StringField(_l("Title"), validators=[Optional(), Length(max=200)])
    summary_nb = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=2000)],
                               description=_l("Two or three sentences shown in the list."))
    body_nb = TextAreaField(_l("Full text"), validators=[Optional(), Length(max=50000)],
                            description=_l("Paragraphs separated by a blank line; lists with - ."))
    title_nn = StringField(_l("Title"), validators=[Optional(), Length(max=200)])
    summary_nn = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=2000)],
                               description=_l("Two or three sentences shown in the list."))
    body_nn = TextAreaField(_l("Full text"), validators=[Optional(), Length(max=50000)],
                            description=_l("Paragraphs separated by a blank line; lists with - ."))
    theme = SelectField(_l("Theme"), default="", choices=_theme_choices)
    sdgs = SdgField(_l("UN Sustainable Development Goals"))
    opens_at = DateTimeLocalField(
        _l("Opens"), format="%Y-%m-%dT%H:%M",
        validators=[InputRequired(_l("Give the opening date and time."))],
        description=_l("Norwegian time."))
    closes_at = DateTimeLocalField(
        _l("Deadline"), format="%Y-%m-%dT%H:%M",
        validators=[InputRequired(_l("Give the deadline."))],
        description=_l("Norwegian time. Answers are accepted until the end of this minute."))
    short_period_reason = TextAreaField(
        _l("Reason for a period shorter than six weeks"), validators=[Optional(), Length(max=2000)],
        description=_l("Only for plan consultations that must close earlier. The reason is kept "
                       "in the audit log."))
    answer_visibility = RadioField(_l("When approved answers are shown"),
                                   default="after_deadline", choices=[
        ("after_deadline", _l("After the deadline")),
        ("immediately", _l("As soon as they are approved"))])
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=120)])
    contact_email = EmailField(_l("Contact e-mail"), validators=[
        Optional(), Email(message=_EMAIL_MESSAGE, check_deliverability=False), Length(max=254)])
    contact_phone = StringField(_l("Contact telephone"), validators=[Optional(), Length(max=40)])
    questions_nb = TextAreaField(_l("Questions in bokmål (optional)"),
                                 validators=[Optional(), Length(max=5000)],
                                 description=_l("One question per line, asked beside the free answer."))
    questions_nn = TextAreaField(_l("Questions in nynorsk (optional)"),
                                 validators=[Optional(), Length(max=5000)],
                                 description=_l("The same questions in the same order."))
    submit = SubmitField(_l("Save"))

    #: set by validate(): the dates as UTC
    opens_utc = closes_utc = None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for form in ("nb", "nn"):
            title, summary = getattr(self, f"title_{form}"), getattr(self, f"summary_{form}")
            if (summary.data or "").strip() and not (title.data or "").strip():
                title.errors.append(_l("Give a title for this written form too."))
                valid = False
            if (title.data or "").strip() and not (summary.data or "").strip():
                summary.errors.append(_l("Give a summary for this written form too."))
                valid = False
        if not (self.title_nb.data or "").strip() and not (self.title_nn.data or "").strip():
            self.title_nb.errors.append(_l("Write the consultation in bokmål, nynorsk or both."))
            valid = False
        nb, nn = _lines(self.questions_nb.data), _lines(self.questions_nn.data)
        if nb and nn and len(nb) != len(nn):
            self.questions_nn.errors.append(
                _l("Give the same number of questions in both written forms."))
            valid = False
        return self._validate_dates() and valid

    def _validate_dates(self) -> bool:
        if self.opens_at.data is None or self.closes_at.data is None:
            return False
        try:
            self.opens_utc = oslo_to_utc(self.opens_at.data)
        except NonexistentLocalTime:
            self.opens_at.errors.append(_l("That time does not exist in Norway (summer time "
                                           "starts then). Choose another."))
            return False
        try:
            self.closes_utc = end_of_minute(oslo_to_utc(self.closes_at.data))
        except NonexistentLocalTime:
            self.closes_at.errors.append(_l("That time does not exist in Norway (summer time "
                                            "starts then). Choose another."))
            return False
        if self.kind.errors:
            return False
        kind = self.kind.data
        kind = kind if isinstance(kind, ConsultationKind) else ConsultationKind(kind or "general")
        problem = period_problem(kind, self.opens_utc, self.closes_utc,
                                 self.short_period_reason.data)
        if problem:
            self.closes_at.errors.append(problem)
            return False
        return True

    def to_data(self) -> dict:
        nb, nn = _lines(self.questions_nb.data), _lines(self.questions_nn.data)
        count = max(len(nb), len(nn))
        questions = [(nb[i] if i < len(nb) else None, nn[i] if i < len(nn) else None)
                     for i in range(count)]
        data = {name: getattr(self, name).data or "" for name in (
            "title_nb", "title_nn", "summary_nb", "summary_nn", "body_nb", "body_nn", "theme",
            "short_period_reason", "contact_name", "contact_email", "contact_phone")}
        data.update(kind=self.kind.data, answer_visibility=self.answer_visibility.data,
                    sdgs=sorted(self.sdgs.data or []),
                    opens_at=self.opens_utc, closes_at=self.closes_utc, questions=questions)
        return data


class AnswerForm(FlaskForm):
    on_behalf = RadioField(_l("I answer"), default="self", choices=[
        ("self", _l("for myself")), ("organisation", _l("on behalf of an organisation"))])
    organisation_name = StringField(_l("Name of the organisation"),
                                    validators=[Optional(), Length(max=200)])
    organisation_number = StringField(
        _l("Organisation number"), validators=[Optional(), Length(max=20)],
        description=_l("Nine digits, as in the Brønnøysund Register Centre."))
    text = TextAreaField(_l("Your answer"), validators=[
        InputRequired(_l("Write your answer.")), Length(max=20000)])
    attachment = document_field(_l("Attachment (optional)"))
    remove_attachment = BooleanField(_l("Remove the attachment I sent"))
    public_notice_accepted = BooleanField(
        _l("I understand that my answer is a public case document and may be published."),
        validators=[InputRequired(_l("Confirm that you have read that answers are public."))])
    submit = SubmitField(_l("Send answer"))

    def validate_organisation_name(self, field):
        if self.on_behalf.data == "organisation" and not (field.data or "").strip():
            raise ValidationError(_l("Give the name of the organisation."))

    def validate_organisation_number(self, field):
        if self.on_behalf.data == "organisation" and normalise_org_number(field.data) is None:
            raise ValidationError(_l("Not a valid organisation number: nine digits, as in the "
                                     "Brønnøysund Register Centre."))

    def question_fields(self):
        return [field for name, field in self._fields.items() if name.startswith("question_")]

    def to_data(self) -> dict:
        return {"on_behalf": self.on_behalf.data, "organisation_name": self.organisation_name.data,
                "organisation_number": self.organisation_number.data, "text": self.text.data,
                "public_notice_accepted": self.public_notice_accepted.data,
                "replies": {int(name.split("_")[1]): field.data or ""
                            for name, field in self._fields.items()
                            if name.startswith("question_")}}


def answer_form_for(consultation, preferred: str, *, editing: bool = False, **kwargs) -> AnswerForm:
    """An AnswerForm with one field per structured question of the consultation."""

    class _Form(AnswerForm):
        pass

    for question in consultation.questions:
        setattr(_Form, f"question_{question.id}", TextAreaField(
            localized(question, "text", preferred), validators=[Optional(), Length(max=5000)]))
    form = _Form(**kwargs)
    if not editing:
        del form.remove_attachment
    else:
        form.submit.label.text = _l("Save changes")
    return form


def parse_invitees(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """Lines "Name; e-mail" (or "Name <e-mail>", "Name, e-mail") as (name, e-mail) pairs, and
    the lines that could not be read."""
    entries, bad = [], []
    for line in _lines(text):
        cleaned = line.replace("<", " ").replace(">", " ").replace(";", " ").replace(",", " ")
        words = cleaned.split()
        emails = [w for w in words if "@" in w]
        name = " ".join(w for w in words if "@" not in w).strip()
        try:
            email = validate_email(emails[-1], check_deliverability=False).normalized \
                if emails else None
        except EmailNotValidError:
            email = None
        if not email or not name:
            bad.append(line)
        else:
            entries.append((name[:200], email.lower()))
    return entries, bad


class InviteForm(FlaskForm):
    bodies = TextAreaField(
        _l("Invited bodies"), validators=[InputRequired(_l("List at least one body.")),
                                          Length(max=20000)],
        description=_l("One per line: name; e-mail. Example: Statens vegvesen; firmapost@vegvesen.no"))
    submit = SubmitField(_l("Invite"))

    entries: list[tuple[str, str]] = []

    def validate_bodies(self, field):
        self.entries, bad = parse_invitees(field.data)
        if bad:
            raise ValidationError(_l("Could not read this line: %(line)s", line=bad[0]))


class DocumentForm(FlaskForm):
    document = document_field(_l("Document"))
    title = StringField(_l("Link text (optional)"), validators=[Optional(), Length(max=200)],
                        description=_l("What the link says, e.g. Planbeskrivelse. The file name "
                                       "when empty."))
    submit = SubmitField(_l("Upload"))

    def validate_document(self, field):
        if not getattr(field.data, "filename", None):
            raise ValidationError(_l("Choose a file."))


class ConclusionForm(FlaskForm):
    conclusion_nb = TextAreaField(_l("Conclusion in bokmål"), validators=[Length(max=50000)])
    conclusion_nn = TextAreaField(_l("Conclusion in nynorsk"), validators=[Length(max=50000)])
    submit = SubmitField(_l("Publish the conclusion"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not (self.conclusion_nb.data or "").strip() and not (self.conclusion_nn.data or "").strip():
            self.conclusion_nb.errors.append(_l("Write the conclusion in bokmål or nynorsk."))
            return False
        return valid


class ConsultationSettingsForm(FlaskForm):
    default_answer_visibility = RadioField(
        _l("For new consultations, show approved answers"), choices=[
            ("after_deadline", _l("After the deadline")),
            ("immediately", _l("As soon as they are approved"))],
        description=_l("Each consultation can still choose otherwise."))
    submit = SubmitField(_l("Save default"))
