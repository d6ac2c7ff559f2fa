"""Form fields for the reference vocabularies.

Use them like any Django field; they bring their own accessible widgets:

    from arena.reference.forms import CpvCodesField, MunicipalityField, SdgTargetsField

    class ChallengeForm(forms.Form):
        cpv_codes = CpvCodesField(required=False, help_text=_("What you want to buy."))
        sdg_targets = SdgTargetsField(required=False)
        municipality = MunicipalityField(required=False)

`cleaned_data["cpv_codes"]` is then a QuerySet of CpvCode (pass it to `.set()`), and
`cleaned_data["municipality"]` a Municipality or None. Initial values may be model instances,
primary keys or querysets.

* CpvCodesField, SdgTargetsField, MunicipalitiesField: many values, chosen with the search
  picker (widgets.ReferencePicker); CpvCodeField: one CPV code, the same picker with radios.
* MunicipalityField, RegionField: one value from a native <select> (municipalities grouped by
  county), which works and reads well without any script; RegionsField: checkboxes.

Unknown codes are reported one by one ("Unknown CPV code: 99999999.") and the known ones stay
chosen when the form is shown again.
"""

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arena.reference.models import CpvCode, Municipality, Region, SdgTarget
from arena.reference.text import swedish_sort_key
from arena.reference.widgets import (
    CPV,
    MUNICIPALITIES,
    SDG_TARGETS,
    PickerValue,
    PickerVocabulary,
    ReferencePicker,
    picker_query,
)

# django-stubs makes these generic; Django's classes cannot be subscripted at run time.
if TYPE_CHECKING:
    _ModelChoiceField = forms.ModelChoiceField[Any]
    _ModelMultipleChoiceField = forms.ModelMultipleChoiceField[Any]
    _ModelChoiceIterator = ModelChoiceIterator[Any]
else:
    _ModelChoiceField = forms.ModelChoiceField
    _ModelMultipleChoiceField = forms.ModelMultipleChoiceField
    _ModelChoiceIterator = ModelChoiceIterator


def _pending_search(query: str) -> ValidationError:
    return ValidationError(
        _("Choose from the matches for “%(query)s” below, then save."),
        code="search_pending",
        params={"query": query},
    )


def _unknown(vocabulary: PickerVocabulary, values: list[str]) -> list[ValidationError]:
    return [
        ValidationError(vocabulary.unknown_message, code="unknown", params={"value": value})
        for value in values
    ]


class ReferencePickerMultipleField(_ModelMultipleChoiceField):
    """Many codes of one vocabulary, chosen with the search picker."""

    vocabulary: PickerVocabulary

    def __init__(self, *, queryset: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", ReferencePicker(self.vocabulary, multiple=True))
        super().__init__(queryset=queryset, **kwargs)
        self.error_messages["invalid_choice"] = self.vocabulary.unknown_message

    def prepare_value(self, value: Any) -> Any:
        prepared = super().prepare_value(value)
        if isinstance(value, PickerValue) and isinstance(prepared, list):
            return PickerValue(prepared, query=value.query)
        return prepared

    def clean(self, value: Any) -> Any:
        # prepare_value turns model instances (a disabled field's initial) into primary keys.
        raws = [str(v) for v in self.prepare_value(value or [])]
        errors: list[ValidationError] = []
        if query := picker_query(value):
            codes = self.vocabulary.parse_codes(query)
            if codes is None:
                errors.append(_pending_search(query))
            else:
                raws += codes
        known, unknown = self.vocabulary.resolve(raws)
        errors += _unknown(self.vocabulary, unknown)
        if errors:
            raise ValidationError(errors)
        return super().clean([option.value for option in known])


class ReferencePickerChoiceField(_ModelChoiceField):
    """One code of a vocabulary, chosen with the search picker (radio buttons)."""

    vocabulary: PickerVocabulary

    def __init__(self, *, queryset: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", ReferencePicker(self.vocabulary, multiple=False))
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset=queryset, **kwargs)
        self.error_messages["invalid_choice"] = self.vocabulary.unknown_message

    def clean(self, value: Any) -> Any:
        raw = str(self.prepare_value(value) or "").strip()
        if query := picker_query(value):
            codes = self.vocabulary.parse_codes(query)
            if codes is None:
                raise _pending_search(query)
            if len(codes) > 1:
                raise ValidationError(_("Choose only one."), code="too_many")
            raw = codes[0]
        if not raw:
            return super().clean("")
        known, unknown = self.vocabulary.resolve([raw])
        if unknown:
            raise ValidationError(_unknown(self.vocabulary, unknown))
        return super().clean(known[0].value)


class CpvCodesField(ReferencePickerMultipleField):
    """CPV 2008 codes; cleans to a CpvCode queryset."""

    vocabulary = CPV

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("CPV codes"))
        super().__init__(queryset=CpvCode.objects.all(), **kwargs)


class CpvCodeField(ReferencePickerChoiceField):
    """One CPV code (e.g. a notice's main code); cleans to a CpvCode or None."""

    vocabulary = CPV

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("CPV code"))
        super().__init__(queryset=CpvCode.objects.all(), **kwargs)


class SdgTargetsField(ReferencePickerMultipleField):
    """Targets of the Sustainable Development Goals; cleans to an SdgTarget queryset."""

    vocabulary = SDG_TARGETS

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Sustainable Development Goal targets"))
        super().__init__(queryset=SdgTarget.objects.select_related("goal"), **kwargs)


class MunicipalitiesField(ReferencePickerMultipleField):
    """Several municipalities; cleans to a Municipality queryset."""

    vocabulary = MUNICIPALITIES

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Municipalities"))
        super().__init__(queryset=Municipality.objects.select_related("region"), **kwargs)


class _MunicipalitiesByCounty(_ModelChoiceIterator):
    """The field's municipalities in <optgroup>s by county, all in Swedish alphabetical order."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list[Municipality]] = {}
        for municipality in self.queryset.select_related("region"):
            groups.setdefault(municipality.region.county_name, []).append(municipality)
        for county in sorted(groups, key=swedish_sort_key):
            members = sorted(groups[county], key=lambda m: swedish_sort_key(m.name))
            yield (county, [self.choice(municipality) for municipality in members])

    def __len__(self) -> int:
        return self.queryset.count() + (1 if self.field.empty_label is not None else 0)


class _InSwedishOrder(_ModelChoiceIterator):
    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in sorted(self.queryset, key=lambda obj: swedish_sort_key(str(obj))):
            yield self.choice(obj)


class MunicipalityField(_ModelChoiceField):
    """One municipality from a native <select>, grouped by county; cleans to a Municipality."""

    iterator = _MunicipalitiesByCounty

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Municipality"))
        kwargs.setdefault("empty_label", gettext_lazy("Choose a municipality"))
        super().__init__(queryset=Municipality.objects.order_by("name"), **kwargs)
        self.error_messages["invalid_choice"] = gettext_lazy("Unknown municipality: %(value)s.")


class RegionField(_ModelChoiceField):
    """One region from a native <select>, shown with its county; cleans to a Region."""

    iterator = _InSwedishOrder

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Region"))
        kwargs.setdefault("empty_label", gettext_lazy("Choose a region"))
        super().__init__(queryset=Region.objects.order_by("name"), **kwargs)
        self.error_messages["invalid_choice"] = gettext_lazy("Unknown region: %(value)s.")

    def label_from_instance(self, obj: Any) -> str:
        return _("%(region)s (%(county)s)") % {"region": obj.name, "county": obj.county_name}


class RegionsField(_ModelMultipleChoiceField):
    """Several regions as a list of checkboxes (there are only 21); cleans to a Region queryset."""

    iterator = _InSwedishOrder
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Regions"))
        super().__init__(queryset=Region.objects.order_by("name"), **kwargs)
        self.error_messages["invalid_choice"] = gettext_lazy("Unknown region: %(value)s.")

    def label_from_instance(self, obj: Any) -> str:
        return _("%(region)s (%(county)s)") % {"region": obj.name, "county": obj.county_name}
