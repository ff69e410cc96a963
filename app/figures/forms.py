"""The period chooser: whole months, from and to (a GET form: it changes nothing)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import MonthField, SubmitField
from wtforms.validators import Optional

from app.figures.periods import MAX_MONTHS, Period

#: the years a period may touch (outside them the month arithmetic has nothing to show)
FIRST_YEAR, LAST_YEAR = 2000, 2100


class _MonthField(MonthField):
    """A month as "2026-03", with our own message when it is not one."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(str(_l("Write the month as year and month, e.g. 2026-03."))) from None


class PeriodForm(FlaskForm):
    class Meta:
        csrf = False

    fra = _MonthField(_l("From month"), validators=[Optional()],
                      description=_l("Year and month, e.g. 2026-01."))
    til = _MonthField(_l("To month"), validators=[Optional()],
                      description=_l("Year and month, e.g. 2026-12."))
    submit = SubmitField(_l("Show"), name="vis")

    def period(self) -> Period:
        """The chosen period, or the last twelve months (also when the choice is not valid:
        the errors are then on the form). A missing end is this month, a missing start twelve
        months before the end."""
        default = Period.default()
        if not self.validate():
            return default
        first, last = self.fra.data, self.til.data
        for field, value in ((self.fra, first), (self.til, last)):
            if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
                field.errors = [_l("Choose a month between %(first)d and %(last)d.",
                                   first=FIRST_YEAR, last=LAST_YEAR)]
                return default
        if last is None:
            last = max(default.last, first) if first is not None else default.last
        if first is None:
            return Period.ending(last)
        if first > last:
            self.til.errors = [_l("The last month cannot be before the first.")]
            return default
        period = Period(first.replace(day=1), last.replace(day=1))
        if len(period.months) > MAX_MONTHS:
            self.til.errors = [_l("Choose at most %(num)d months.", num=MAX_MONTHS)]
            return default
        return period
