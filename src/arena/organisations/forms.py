from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from arena.organisations.enums import IntermediaryKind, MembershipRole, OrganisationKind, SizeClass
from arena.organisations.validators import normalise_org_number
from arena.reference.forms import MunicipalityField, RegionField


class OrganisationProfileForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    size_class = forms.ChoiceField(
        label=_("Size"),
        choices=[("", _("Choose a size")), *SizeClass.choices],
        required=False,
        help_text=_("Companies only: the number of employees, as in the EU definition of an SME."),
    )
    is_startup = forms.BooleanField(
        label=_("We are a startup"),
        required=False,
        help_text=_("Companies only: a young company building a new product or service."),
    )
    intermediary_kind = forms.ChoiceField(
        label=_("Kind of intermediary"),
        choices=[("", _("Choose a kind")), *IntermediaryKind.choices],
        required=False,
        help_text=_("Intermediaries only."),
    )
    municipality = MunicipalityField(
        required=False,
        help_text=_("Municipalities: the municipality itself. Others: where you are based."),
    )
    region = RegionField(
        required=False,
        help_text=_("Regions: the region itself. Filled in from the municipality if left empty."),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("For example https://example.se"),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you do, in a few sentences."),
    )


class OrganisationCreateForm(OrganisationProfileForm):
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=[("", _("Choose a kind of organisation")), *OrganisationKind.choices],
    )
    org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=13,
        help_text=_("Ten digits, as NNNNNN-NNNN."),
    )
    field_order = ["name", "kind", "org_number"]

    def clean_org_number(self) -> str:
        return normalise_org_number(self.cleaned_data["org_number"])


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(
        label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER
    )


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)


def profile_initial(organisation: Any) -> dict[str, Any]:
    return {
        "name": organisation.name,
        "size_class": organisation.size_class,
        "is_startup": organisation.is_startup,
        "intermediary_kind": organisation.intermediary_kind,
        "municipality": organisation.municipality_id,
        "region": organisation.region_id,
        "website": organisation.website,
        "description": organisation.description,
    }
