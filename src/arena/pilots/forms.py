import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arena.pilots.advisor import AdvisorError, Purchase, purchase_validate
from arena.pilots.enums import (
    AgreementKind,
    AgreementLanguage,
    BuyerType,
    ContractType,
    GroupRole,
    MarketAvailability,
    PaidBy,
    PilotStatus,
    Route,
)


class RouteAdvisorForm(forms.Form):
    """The facts the route advisor needs. Sent with GET, so a result can be linked and shared."""

    value_sek = forms.DecimalField(
        label=_("Estimated value (SEK, excluding VAT)"),
        help_text=_("The total value including options and extensions."),
        max_digits=14,
        decimal_places=0,
    )
    buyer_type = forms.ChoiceField(label=_("Buyer"), choices=BuyerType.choices)
    contract_type = forms.ChoiceField(label=_("What is bought"), choices=ContractType.choices)
    solution_on_market = forms.ChoiceField(
        label=_("Does a solution exist on the market?"), choices=MarketAvailability.choices
    )
    rnd_needed = forms.BooleanField(label=_("Research and development is needed"), required=False)
    recurring = forms.BooleanField(label=_("The need recurs (repeated purchases)"), required=False)
    on = forms.DateField(
        label=_("Date of the procurement"),
        required=False,
        help_text=_("Leave empty for today; the thresholds in force on this date apply."),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        on: datetime.date = data.get("on") or timezone.localdate()
        try:
            data["purchase"] = purchase_validate(
                value_sek=data["value_sek"],
                buyer_type=data["buyer_type"],
                contract_type=data["contract_type"],
                solution_on_market=data["solution_on_market"],
                rnd_needed=data["rnd_needed"],
                recurring=data["recurring"],
                on=on,
            )
        except AdvisorError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
        return data

    @property
    def purchase(self) -> Purchase:
        purchase: Purchase = self.cleaned_data["purchase"]
        return purchase


# django-stubs makes these generic; Django's classes cannot be subscripted at run time.
_ModelChoiceField: Any = forms.ModelChoiceField
_ModelMultipleChoiceField: Any = forms.ModelMultipleChoiceField


def _date(label: Any, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


def _sek(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_digits=14, decimal_places=0
    )


class GroupCreateForm(forms.Form):
    name = forms.CharField(label=_("Name of the group"), max_length=200)
    meeting = _ModelChoiceField(
        label=_("The meeting it came from"),
        queryset=None,
        required=False,
        help_text=_("Optional: a meeting at an event; its company joins the group."),
    )

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["meeting"]
        field.queryset = meetings
        field.label_from_instance = lambda meeting: (
            f"{meeting.event.title} ({meeting.event.date}): {meeting.company.organisation.name}"
        )


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))
    role = forms.ChoiceField(label=_("Role"), choices=GroupRole.choices)
    add_company = forms.BooleanField(
        label=_("Also add their company to the group"),
        required=False,
        help_text=_("For a person from a company that is not in the group yet."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=GroupRole.choices)


class CommitmentForm(forms.Form):
    organisation = _ModelChoiceField(label=_("Who commits"), queryset=None)
    text = forms.CharField(label=_("Commitment"), max_length=500)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisation"]
        field.queryset = organisations


class ActivityForm(forms.Form):
    date = _date(_("Date"), required=True)
    title = forms.CharField(label=_("Activity"), max_length=300)


class PilotCreateForm(forms.Form):
    title = forms.CharField(label=_("Title of the pilot"), max_length=200)


class PilotForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    solutions = _ModelMultipleChoiceField(
        label=_("Solutions tested"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    goals = forms.CharField(
        label=_("Goals"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    success_criteria = forms.CharField(
        label=_("Success criteria"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_on = _date(_("Starts"))
    ends_on = _date(_("Ends"))
    budget_sek = _sek(_("Budget (SEK)"))
    paid_by = forms.ChoiceField(
        label=_("Who pays"), choices=[("", "—"), *PaidBy.choices], required=False
    )
    data_terms = forms.CharField(
        label=_("Data terms"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    ip_terms = forms.CharField(
        label=_("IP terms"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    risks = forms.CharField(
        label=_("Risks"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evaluation_report = forms.CharField(
        label=_("Evaluation report"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, solutions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["solutions"]
        field.queryset = solutions


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=PilotStatus.choices)


class KpiForm(forms.Form):
    name = forms.CharField(label=_("KPI"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    baseline = forms.DecimalField(
        label=_("Baseline"), required=False, max_digits=16, decimal_places=2
    )
    target = forms.DecimalField(label=_("Target"), required=False, max_digits=16, decimal_places=2)


class MeasureForm(forms.Form):
    measured = forms.DecimalField(
        label=_("Measured"), required=False, max_digits=16, decimal_places=2
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = _date(_("Due"), required=True)


class ProcurementForm(forms.Form):
    notice_id = forms.CharField(
        label=_("Notice id (TED or Swedish advertisement)"), max_length=100, required=False
    )
    route = forms.ChoiceField(
        label=_("Route used"), choices=[("", "—"), *Route.choices], required=False
    )
    contract_date = _date(_("Contract date"))
    contract_value_sek = _sek(_("Contract value (SEK)"))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=AgreementKind.choices)
    language = forms.ChoiceField(
        label=_("Language"), choices=AgreementLanguage.choices, initial=AgreementLanguage.SV
    )
