import datetime
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from arena.organisations.enums import IntermediaryKind, OrganisationKind
from arena.programmes.enums import (
    ANSWER_MAX_LENGTH,
    NAME_MAX_LENGTH,
    REASON_MAX_LENGTH,
    ResourceKind,
)
from arena.reference.forms import RegionField

MARKDOWN_HELP = _("Markdown: **bold**, *italics*, lists with -, links as [text](https://…).")
# The choice of applying as a person rather than for an organisation (organisations are by id).
AS_INVENTOR = "inventor"

# django-stubs makes these generic; Django's classes cannot be subscripted at run time.
_ModelChoiceField: Any = forms.ModelChoiceField


def _markdown_field(label: Any, help_text: Any = "", *, rows: int = 6) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=f"{help_text} {MARKDOWN_HELP}" if help_text else MARKDOWN_HELP,
    )


def _date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(
            format="%Y-%m-%d", attrs={"type": "date", "min": "2000-01-01", "max": "2100-12-31"}
        ),
        validators=[
            MinValueValidator(datetime.date(2000, 1, 1)),
            MaxValueValidator(datetime.date(2100, 12, 31)),
        ],
    )


class LinesField(forms.CharField):
    """A text area with one item per line; cleans to a list of non-empty lines."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(str(line) for line in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value)
        return [line.strip() for line in str(text or "").splitlines() if line.strip()]


class ProgrammeForm(forms.Form):
    name_sv = forms.CharField(
        label=_("Name in Swedish"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        help_text=_("Write in Swedish, in English or in both; one language is enough."),
    )
    name_en = forms.CharField(
        label=_("Name in English"), max_length=NAME_MAX_LENGTH, required=False
    )
    description_sv = _markdown_field(
        _("Description in Swedish"), _("What the programme is and whom it is for."), rows=8
    )
    description_en = _markdown_field(_("Description in English"), rows=8)
    aims = _markdown_field(
        _("Aims"),
        _(
            "What the programme wants to achieve, e.g. a share of SMEs in procurements or pilots started."
        ),
    )
    region = RegionField(required=False, empty_label=_("All of Sweden"))
    funders = forms.CharField(
        label=_("Funders"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who funds the programme, e.g. Vinnova and Region Gävleborg."),
    )
    starts_on = _date_field(_("Starts"))
    ends_on = _date_field(_("Ends"), required=False, help_text=_("Leave empty if it runs on."))
    themes = LinesField(
        label=_("Themes"),
        required=False,
        help_text=_("The focus areas the programme offers, one per line."),
    )
    how_to_join = _markdown_field(_("How to join"), _("Who may apply and what happens next."))
    questions = LinesField(
        label=_("Questions to applicants"),
        required=False,
        help_text=_("One question per line; every applicant answers all of them."),
    )
    agreement = _markdown_field(
        _("Participation agreement"),
        _("What participants commit to; applicants accept it when they apply."),
    )
    is_open_for_applications = forms.BooleanField(
        label=_("Open for applications"), required=False, initial=True
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("name_sv") and not cleaned.get("name_en"):
            self.add_error(
                "name_sv", _("Give the programme a name in Swedish, in English or in both.")
            )
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The programme cannot end before it starts."))
        return cleaned


class ProgrammeCreateForm(ProgrammeForm):
    """A new programme; with several intermediaries, the person chooses which one runs it."""

    def __init__(self, *args: Any, intermediaries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.intermediaries = list(intermediaries)
        if len(self.intermediaries) > 1:
            field = _ModelChoiceField(
                label=_("Run by"),
                queryset=intermediaries,
                to_field_name="slug",
                empty_label=_("Choose an organisation"),
            )
            self.fields = {"owner": field, **self.fields}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if len(self.intermediaries) == 1:
            cleaned["owner"] = self.intermediaries[0]
        return cleaned


PROGRAMME_FIELDS = list(ProgrammeForm.base_fields)


def programme_initial(programme: Any) -> dict[str, Any]:
    return {name: getattr(programme, name) for name in PROGRAMME_FIELDS}


class CohortForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the round"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("For example “Spring 2026”."),
    )
    starts_on = _date_field(_("Starts"))
    ends_on = _date_field(_("Ends"), required=False)
    is_open = forms.BooleanField(label=_("Open for applications"), required=False, initial=True)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("A round cannot end before it starts."))
        return cleaned


def _is_university(organisation: Any) -> bool:
    return bool(
        organisation.kind == OrganisationKind.INTERMEDIARY
        and organisation.intermediary_kind == IntermediaryKind.UNIVERSITY
    )


class ApplicationForm(forms.Form):
    """Apply for one of your organisations or as an individual inventor, answer, and accept."""

    applicant_as = forms.ChoiceField(label=_("Who applies"), widget=forms.RadioSelect, help_text="")
    cohort = _ModelChoiceField(
        label=_("Round"), queryset=None, required=True, empty_label=_("Choose a round")
    )
    agreement_accepted = forms.BooleanField(label=_("I accept the participation agreement"))

    def __init__(
        self, *args: Any, programme: Any, organisations: Any, cohorts: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.organisations = {str(organisation.pk): organisation for organisation in organisations}
        self.fields["applicant_as"].choices = [  # type: ignore[attr-defined]
            *((key, organisation.name) for key, organisation in self.organisations.items()),
            (AS_INVENTOR, _("Myself, as an individual inventor (without a company)")),
        ]
        if len(self.organisations) == 1:
            self.fields["applicant_as"].initial = next(iter(self.organisations))
        if any(_is_university(o) for o in self.organisations.values()):
            self.fields["as_research_group"] = forms.BooleanField(
                label=_("We take part as a research group"),
                required=False,
                help_text=_("Universities only: a research group rather than the university."),
            )
        for index, question in enumerate(programme.questions or []):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question,
                max_length=ANSWER_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        cohorts = list(cohorts)
        if cohorts:
            self.fields["cohort"].queryset = programme.cohorts.filter(  # type: ignore[attr-defined]
                pk__in=[cohort.pk for cohort in cohorts]
            )
            if len(cohorts) == 1:
                self.fields["cohort"].initial = cohorts[0].pk
        else:
            del self.fields["cohort"]
        if not programme.agreement:
            self.fields["agreement_accepted"].label = _("We commit to take part in the programme")
        # The agreement comes last, after the answers.
        self.fields["agreement_accepted"] = self.fields.pop("agreement_accepted")

    @property
    def answer_fields(self) -> list[str]:
        return [name for name in self.fields if name.startswith("answer_")]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        choice = cleaned.get("applicant_as")
        cleaned["organisation"] = self.organisations.get(choice) if choice else None
        if choice == AS_INVENTOR and cleaned.get("as_research_group"):
            self.add_error(
                "as_research_group",
                _("A research group applies through its university's organisation."),
            )
        return cleaned

    def service_arguments(self) -> dict[str, Any]:
        """Keyword arguments for services.application_submit (after is_valid)."""
        data = self.cleaned_data
        return {
            "organisation": data["organisation"],
            "answers": [data.get(name, "") for name in self.answer_fields],
            "agreement_accepted": bool(data.get("agreement_accepted")),
            "cohort": data.get("cohort"),
            "as_research_group": bool(data.get("as_research_group")),
        }


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant sees this."),
    )


class ResourceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=NAME_MAX_LENGTH)
    kind = forms.ChoiceField(label=_("Kind"), choices=ResourceKind.choices)
    url = forms.URLField(
        label=_("Link"),
        max_length=500,
        required=False,
        help_text=_("For example a shared document or a recording."),
    )
    body = _markdown_field(_("Text"), rows=5)
    members_only = forms.BooleanField(
        label=_("Members only"),
        required=False,
        initial=True,
        help_text=_("Otherwise it is also shown on the programme's public page."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("url") and not cleaned.get("body") and "url" not in self.errors:
            self.add_error("url", _("Give a link, a text or both."))
        return cleaned
