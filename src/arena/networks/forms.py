from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from arena.networks.enums import ContentVisibility, CoordinatorRole
from arena.organisations.models import Organisation
from arena.pilots.enums import Route
from arena.reference.forms import CpvCodesField

MAX_DOCUMENT_LINES = 30


class NetworkForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description for the members"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown."),
    )
    public_description = forms.CharField(
        label=_("Public description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to everyone when the network is listed publicly. Markdown."),
    )
    is_public = forms.BooleanField(
        label=_("List the network publicly (name, public description and members)"),
        required=False,
    )


class NetworkCreateForm(NetworkForm):
    owner = forms.ModelChoiceField(label=_("Run by"), queryset=Organisation.objects.none())

    field_order = ["owner", "name", "description", "public_description", "is_public"]

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class InviteForm(forms.Form):
    """Invite an organisation on Arena, or someone not on Arena by e-mail (one of the two)."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation on Arena"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Its administrators are asked; it joins only if one of them accepts."),
    )
    email = forms.EmailField(
        label=_("Or an e-mail address"),
        required=False,
        help_text=_("For an organisation not on Arena yet: the person registers it, then answers."),
    )
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, exclude_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.exclude(pk__in=exclude_ids).order_by("name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if bool(data.get("organisation")) == bool(data.get("email")):
            raise ValidationError(
                _("Choose an organisation on Arena or give an e-mail address (one of them)."),
                code="one_of",
            )
        return data


class CoordinatorForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=Organisation.objects.none())
    role = forms.ChoiceField(
        label=_("Role"), choices=CoordinatorRole.choices, initial=CoordinatorRole.COORDINATOR
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people  # type: ignore[attr-defined]
        self.fields["user"].label_from_instance = (  # type: ignore[attr-defined]
            lambda person: (
                f"{person.full_name} ({person.email})" if person.full_name else person.email
            )
        )


class AnswerForm(forms.Form):
    """Which of the user's organisations answers an e-mail invitation."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation that joins"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class OrganisationChoiceForm(AnswerForm):
    pass


def parse_documents(text: str) -> list[dict[str, str]]:
    """One link a line: the address first, then an optional title ("https://… Upphandlingsplan")."""
    validate = URLValidator(schemes=["http", "https"])
    documents: list[dict[str, str]] = []
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_DOCUMENT_LINES:
        raise ValidationError(
            _("At most %(count)s links."), code="too_many", params={"count": MAX_DOCUMENT_LINES}
        )
    for number, line in enumerate(lines, start=1):
        url, _space, title = line.partition(" ")
        try:
            validate(url)
        except ValidationError as error:
            raise ValidationError(
                _("Line %(line)s does not start with a web address (https://…)."),
                code="bad_url",
                params={"line": number},
            ) from error
        documents.append({"url": url, "title": title.strip()})
    return documents


def documents_text(documents: list[dict[str, str]]) -> str:
    return "\n".join(f"{d['url']} {d.get('title', '')}".strip() for d in documents)


class CaseForm(forms.Form):
    title_sv = forms.CharField(label=_("Title in Swedish"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    industry_area = forms.CharField(
        label=_("Industry area"),
        max_length=200,
        required=False,
        help_text=_("E.g. “school meals”, “elderly care”, “water and sewage”."),
    )
    cpv_codes = CpvCodesField(required=False, label=_("CPV codes"))
    what_was_bought = forms.CharField(
        label=_("What was bought"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    route = forms.ChoiceField(
        label=_("Procurement route used"),
        choices=[("", "—"), *Route.choices],
        required=False,
    )
    results = forms.CharField(
        label=_("Results"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    lessons = forms.CharField(
        label=_("Lessons learned"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    documents = forms.CharField(
        label=_("Documents (links)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One link a line: the address, then a title if you like."),
    )
    pilot = forms.ModelChoiceField(
        label=_("Pilot it is about"), queryset=Organisation.objects.none(), required=False
    )
    challenge = forms.ModelChoiceField(
        label=_("Challenge it is about"), queryset=Organisation.objects.none(), required=False
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=ContentVisibility.choices,
        initial=ContentVisibility.MEMBERS,
        widget=forms.RadioSelect,
    )
    author_organisation = forms.ModelChoiceField(
        label=_("Shared by"), queryset=Organisation.objects.none()
    )

    def __init__(
        self,
        *args: Any,
        authors: Any,
        pilots: Any,
        challenges: Any,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["author_organisation"].queryset = authors  # type: ignore[attr-defined]
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
        self.fields["challenge"].queryset = challenges  # type: ignore[attr-defined]
        if editing:
            del self.fields["author_organisation"]

    def clean_documents(self) -> list[dict[str, str]]:
        return parse_documents(self.cleaned_data.get("documents") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("title_sv") and not data.get("title_en") and not self.has_error("title_sv"):
            self.add_error("title_sv", _("Give a title in Swedish or English."))
        return data


class RoutineForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The routine itself, or what the linked document is for. Markdown."),
    )
    url = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=ContentVisibility.choices,
        initial=ContentVisibility.MEMBERS,
        widget=forms.RadioSelect,
    )
    author_organisation = forms.ModelChoiceField(
        label=_("Shared by"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, authors: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["author_organisation"].queryset = authors  # type: ignore[attr-defined]
        if editing:
            del self.fields["author_organisation"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (data.get("description") or "").strip() and not data.get("url"):
            raise ValidationError(_("Write the routine or give a link to it."), code="empty")
        return data


class StoryForm(forms.Form):
    title_sv = forms.CharField(
        label=_("Title in Swedish"),
        max_length=200,
        required=False,
        help_text=_("Everyone can read a published story: write nothing the public may not know."),
    )
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    goals = forms.CharField(
        label=_("Goals"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    route = forms.ChoiceField(
        label=_("Procurement route used"),
        choices=[("", "—"), *Route.choices],
        required=False,
    )
    results = forms.CharField(
        label=_("Results"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    lessons = forms.CharField(
        label=_("Lessons learned"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    include_kpis = forms.BooleanField(
        label=_("Show the pilot's KPIs (baseline, target, measured)"),
        required=False,
        initial=True,
    )
    publish = forms.BooleanField(label=_("Published (anyone may read it)"), required=False)
    organisation = forms.ModelChoiceField(label=_("Told by"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("title_sv") and not data.get("title_en") and not self.has_error("title_sv"):
            self.add_error("title_sv", _("Give a title in Swedish or English."))
        return data
