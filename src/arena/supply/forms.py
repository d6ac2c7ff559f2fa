from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arena.reference.forms import CpvCodesField, RegionField, SdgTargetsField
from arena.reference.models import SdgGoal
from arena.supply import selectors
from arena.supply.enums import (
    PITCH_MAX_LENGTH,
    Certification,
    PricingModel,
    SolutionLanguage,
    Stage,
    Trl,
)

MARKDOWN_HELP = _("Markdown: **bold**, *italics*, lists with -, links as [text](https://…).")

# django-stubs makes these generic; Django's classes cannot be subscripted at run time.
_ModelChoiceField: Any = forms.ModelChoiceField


def _markdown_field(label: Any, help_text: Any, *, rows: int = 8) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=f"{help_text} {MARKDOWN_HELP}" if help_text else MARKDOWN_HELP,
    )


class SolutionForm(forms.Form):
    title_sv = forms.CharField(
        label=_("Title in Swedish"),
        max_length=200,
        required=False,
        help_text=_("Write in Swedish, in English or in both; one language is enough."),
    )
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    text_sv = _markdown_field(
        _("Description in Swedish"),
        _("What the solution does and what difference it makes for the user."),
        rows=10,
    )
    text_en = _markdown_field(_("Description in English"), "", rows=10)
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=[("", _("Choose a stage")), *Stage.choices],
        help_text=_("How far the solution has come, from an idea to on the market."),
    )
    trl = forms.TypedChoiceField(
        label=_("Maturity (TRL)"),
        coerce=int,
        choices=[("", _("Choose a level")), *Trl.choices],
        help_text=_("Technology readiness level, from 1 (an idea) to 9 (proven in operation)."),
    )
    cpv_codes = CpvCodesField(
        required=False,
        help_text=_("The CPV codes a buyer would use to buy this; they help buyers find you."),
    )
    sdg_targets = SdgTargetsField(
        required=False, help_text=_("The targets of Agenda 2030 your solution contributes to.")
    )
    pricing_model = forms.ChoiceField(
        label=_("Pricing model"),
        choices=[("", _("Not stated")), *PricingModel.choices],
        required=False,
    )
    pricing_note = forms.CharField(
        label=_("About the price"),
        max_length=300,
        required=False,
        help_text=_("For example a price range, or what the price depends on."),
    )
    deployment_requirements = _markdown_field(
        _("Deployment requirements"),
        _("What the buyer needs to have in place: systems, integrations, staff, premises."),
        rows=5,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages supported"),
        choices=SolutionLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages the solution's users can work in."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("title_sv") and not cleaned.get("title_en"):
            self.add_error(
                "title_sv", _("Give the solution a title in Swedish, in English or in both.")
            )
        if not cleaned.get("text_sv") and not cleaned.get("text_en"):
            self.add_error("text_sv", _("Describe the solution in Swedish, in English or in both."))
        return cleaned


class SolutionCreateForm(SolutionForm):
    """A new solution; with several companies, the person chooses which one offers it."""

    def __init__(self, *args: Any, companies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.companies = list(companies)
        if len(self.companies) > 1:
            field = _ModelChoiceField(
                label=_("Company"),
                queryset=companies,
                to_field_name="slug",
                empty_label=_("Choose a company"),
            )
            self.fields = {"organisation": field, **self.fields}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if len(self.companies) == 1:
            cleaned["organisation"] = self.companies[0]
        return cleaned


def solution_initial(solution: Any) -> dict[str, Any]:
    return {
        "title_sv": solution.title_sv,
        "title_en": solution.title_en,
        "text_sv": solution.text_sv,
        "text_en": solution.text_en,
        "stage": solution.stage,
        "trl": solution.trl,
        "cpv_codes": [code.pk for code in solution.cpv_codes.all()],
        "sdg_targets": [target.pk for target in solution.sdg_targets.all()],
        "pricing_model": solution.pricing_model,
        "pricing_note": solution.pricing_note,
        "deployment_requirements": solution.deployment_requirements,
        "languages": solution.languages,
    }


class SolutionFilterForm(forms.Form):
    """The filters of the public solution list (GET); a bad value is left out, never an error page."""

    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        widget=forms.SearchInput,
        help_text=_("Words in Swedish or English, for example skolmat or route planning."),
    )
    cpv = forms.CharField(
        label=_("CPV code"),
        max_length=10,
        required=False,
        help_text=_("A code or the start of one: 48 finds all software, 4821 networking software."),
    )
    sdg_goal = forms.TypedChoiceField(
        label=_("Sustainable Development Goal"), coerce=int, required=False, empty_value=None
    )
    region = RegionField(required=False, empty_label=_("All regions"))
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("All stages")), *Stage.choices], required=False
    )
    trl_min = forms.TypedChoiceField(
        label=_("Maturity at least"),
        coerce=int,
        empty_value=None,
        choices=[("", _("Any maturity")), *Trl.choices],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sdg_goal"].choices = [  # type: ignore[attr-defined]
            ("", _("All goals")),
            *((goal.number, str(goal)) for goal in SdgGoal.objects.order_by("number")),
        ]

    def clean_cpv(self) -> str:
        value: str = self.cleaned_data["cpv"].strip()
        if value and not selectors.cpv_branch(value):
            raise forms.ValidationError(_("Write the digits of a CPV code."), code="invalid_cpv")
        return value

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for selectors.solution_list_published from the valid fields."""
        self.is_valid()
        data = self.cleaned_data
        region = data.get("region")
        return {
            "query": data.get("q") or "",
            "cpv": data.get("cpv") or "",
            "sdg_goal": data.get("sdg_goal"),
            "region": region.pk if region is not None else "",
            "stage": data.get("stage") or "",
            "trl_min": data.get("trl_min"),
        }


class CompanyProfileForm(forms.Form):
    pitch = forms.CharField(
        label=_("Pitch"),
        max_length=PITCH_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What you offer, in one or two sentences (at most 300 characters)."),
    )
    description = _markdown_field(
        _("Description"),
        _("Who you are, what you have done and for whom."),
        rows=10,
    )
    founded_year = forms.IntegerField(
        label=_("Year founded"), required=False, min_value=1800, max_value=2100
    )
    employees = forms.IntegerField(label=_("Number of employees"), required=False, min_value=0)
    certifications = forms.MultipleChoiceField(
        label=_("Certifications"),
        choices=Certification.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_founded_year(self) -> int | None:
        year: int | None = self.cleaned_data["founded_year"]
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError(_("The year cannot be in the future."), code="future")
        return year


def company_profile_initial(profile: Any) -> dict[str, Any]:
    if profile is None:
        return {}
    return {
        "pitch": profile.pitch,
        "description": profile.description,
        "founded_year": profile.founded_year,
        "employees": profile.employees,
        "certifications": profile.certifications,
    }


class ContactPersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(
        label=_("Role"), max_length=200, required=False, help_text=_("For example Sales manager.")
    )
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    is_public = forms.BooleanField(
        label=_("Show to everyone"),
        required=False,
        help_text=_(
            "Otherwise only logged-in people from public buyers (and your colleagues) see this contact."
        ),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("email") and not cleaned.get("phone") and "email" not in self.errors:
            self.add_error("email", _("Give an e-mail address or a phone number."))
        return cleaned


class CustomerReferenceForm(forms.Form):
    customer = _ModelChoiceField(
        label=_("Customer on Arena"),
        queryset=None,
        required=False,
        empty_label=_("Not on Arena"),
        help_text=_("Choose the buyer if it is on Arena; otherwise write the name below."),
    )
    customer_name = forms.CharField(
        label=_("Customer's name"),
        max_length=200,
        required=False,
        help_text=_("Filled in from the customer on Arena when left empty."),
    )
    is_public_customer = forms.BooleanField(
        label=_("The customer is a public-sector organisation"), required=False
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    solution = _ModelChoiceField(
        label=_("Solution"),
        queryset=None,
        required=False,
        empty_label=_("None in particular"),
        to_field_name="slug",
    )
    description = _markdown_field(_("What was delivered"), "", rows=4)

    def __init__(self, *args: Any, company: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = selectors.buyer_organisations()  # type: ignore[attr-defined]
        self.fields["solution"].queryset = selectors.solution_choices_for_company(  # type: ignore[attr-defined]
            organisation=company
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("customer") and not cleaned.get("customer_name"):
            self.add_error("customer_name", _("Name the customer, or choose it from the list."))
        return cleaned
