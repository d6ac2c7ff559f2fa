"""Form fields for the reference vocabularies. (Placeholder select widgets; pickers replace them.)"""

from django import forms
from django.utils.translation import gettext_lazy as _

from arena.reference.models import Municipality, Region


class MunicipalityField(forms.ModelChoiceField[Municipality]):
    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("label", _("Municipality"))
        super().__init__(queryset=Municipality.objects.order_by("name"), **kwargs)  # type: ignore[arg-type]


class RegionField(forms.ModelChoiceField[Region]):
    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("label", _("Region"))
        super().__init__(queryset=Region.objects.order_by("name"), **kwargs)  # type: ignore[arg-type]
