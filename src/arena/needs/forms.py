from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arena.needs.enums import ChallengeStatus, Visibility
from arena.needs.models import FocusArea, NeedsAssessment
from arena.organisations.enums import OrganisationKind
from arena.organisations.models import Organisation
from arena.programmes.models import Programme
from arena.programmes.selectors import programmes_joined_by
from arena.reference.forms import CpvCodesField, MunicipalitiesField, RegionsField, SdgTargetsField

MARKDOWN_HELP = _("Markdown works: **bold**, *italic*, lists with -, and links.")


class FocusAreaForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(
        label=_("Focus area"),
        max_length=200,
        help_text=_("What you want to improve, e.g. “more organic food in school meals”."),
    )
    description = forms.CharField(
        label=_("Why it matters"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who is affected and why now."),
    )

    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        help_text=_(
            "If the work belongs to a programme you take part in, it counts in its report."
        ),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["programme"].queryset = programmes_joined_by(  # type: ignore[attr-defined]
            organisations=[organisation]
        )


class NeedsAssessmentForm(forms.ModelForm[NeedsAssessment]):
    class Meta:
        model = NeedsAssessment
        fields = [
            "current_situation",
            "problem",
            "affected",
            "wanted_effects",
            "effect_measures",
            "legal_constraints",
            "data_constraints",
            "it_constraints",
            "budget_min",
            "budget_max",
            "timeline",
            "internal_owners",
            "workshop_notes",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in fields
            if name not in {"budget_min", "budget_max"}
        }
        help_texts = {
            "current_situation": _("How it works today."),
            "problem": _("The problem in one or two sentences, without naming a product."),
            "wanted_effects": _("What should be different when the problem is solved."),
            "effect_measures": _("Numbers you can follow, e.g. food waste in kg per week."),
            "internal_owners": _("Who in your organisation owns the problem and the budget."),
        }


class ChallengeForm(forms.Form):
    title_sv = forms.CharField(label=_("Title in Swedish"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    text_sv = forms.CharField(
        label=_("Description in Swedish"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=MARKDOWN_HELP,
    )
    text_en = forms.CharField(
        label=_("Description in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=MARKDOWN_HELP,
    )
    problem = forms.CharField(
        label=_("The problem"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Describe the problem and who has it, not the solution you imagine."),
    )
    desired_effects = forms.CharField(
        label=_("Desired effects"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What must be achieved (functional requirements), not what it must be."),
    )
    success_criteria = forms.CharField(
        label=_("Measurable success criteria"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    constraints = forms.CharField(
        label=_("Constraints"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Legal, data, IT or other limits a solution must respect."),
    )
    budget_min = forms.IntegerField(label=_("Budget from (SEK)"), required=False, min_value=0)
    budget_max = forms.IntegerField(label=_("Budget up to (SEK)"), required=False, min_value=0)
    timeline = forms.CharField(
        label=_("Timeline"),
        max_length=300,
        required=False,
        help_text=_("E.g. “pilot in spring 2027, procurement in autumn 2027”."),
    )
    municipalities = MunicipalitiesField(required=False, label=_("Municipalities"))
    regions = RegionsField(required=False, label=_("Regions"))
    cpv_codes = CpvCodesField(required=False, label=_("CPV codes"))
    sdg_targets = SdgTargetsField(required=False, label=_("Agenda 2030 targets"))
    circular_economy = forms.BooleanField(label=_("Circular economy"), required=False)
    climate_neutral = forms.BooleanField(label=_("Climate-neutral"), required=False)
    digital_data = forms.BooleanField(label=_("Digital or data-driven"), required=False)
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )
    focus_area = forms.ModelChoiceField(
        label=_("Focus area"), queryset=FocusArea.objects.none(), required=False
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        help_text=_(
            "If the work belongs to a programme you take part in, it counts in its report."
        ),
    )

    def __init__(self, *args: Any, owners: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = FocusArea.objects.filter(  # type: ignore[attr-defined]
            organisation__in=owners
        ).order_by("-year", "title")
        self.fields["programme"].queryset = programmes_joined_by(  # type: ignore[attr-defined]
            organisations=owners
        )


class OwnerChoiceForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organisations  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ChallengeStatus.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CoOwnerForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Buyer organisation"),
        queryset=Organisation.objects.exclude(kind=OrganisationKind.COMPANY).exclude(
            kind=OrganisationKind.INTERMEDIARY
        ),
    )


class InviteCompanyForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Company"), queryset=Organisation.objects.filter(kind=OrganisationKind.COMPANY)
    )


def challenge_initial_from(assessment: NeedsAssessment | None) -> dict[str, Any]:
    """Start a challenge from the needs assessment, so nothing is typed twice."""
    if assessment is None:
        return {}
    constraints = "\n".join(
        part
        for part in (
            assessment.legal_constraints,
            assessment.data_constraints,
            assessment.it_constraints,
        )
        if part
    )
    return {
        "problem": "\n\n".join(p for p in (assessment.problem, assessment.affected) if p),
        "desired_effects": assessment.wanted_effects,
        "success_criteria": assessment.effect_measures,
        "constraints": constraints,
        "budget_min": assessment.budget_min,
        "budget_max": assessment.budget_max,
        "timeline": assessment.timeline[:300],
        "focus_area": assessment.focus_area_id,
        "programme": assessment.focus_area.programme_id,
    }
