from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from arena.impact.enums import MAX_PERIOD_DAYS, Step
from arena.impact.selectors import Period, period_default


class PeriodForm(forms.Form):
    """The period (and the step of the time series) the figures are drawn for; read from GET."""

    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    step = forms.ChoiceField(
        label=_("Time series by"),
        choices=[("", _("Automatic")), *Step.choices],
        required=False,
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The end date is before the start date."))
            if (end - start).days > MAX_PERIOD_DAYS:
                raise forms.ValidationError(_("Choose a period of at most ten years."))
        return data

    def period(self) -> Period:
        """The chosen period, or the default one while the form is unbound or invalid."""
        if self.is_bound and self.is_valid():
            return Period(start=self.cleaned_data["start"], end=self.cleaned_data["end"])
        return period_default()

    def chosen_step(self) -> str:
        return self.cleaned_data.get("step", "") if self.is_bound and self.is_valid() else ""


def period_form(query: QueryDict) -> PeriodForm:
    """Bound to the query string when it has a period, else showing the default period."""
    if query.get("start") or query.get("end"):
        return PeriodForm(query)
    default = period_default()
    return PeriodForm(initial={"start": default.start, "end": default.end})
