from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from arena.knowledge.enums import GuideKind, Topic


class GuideFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("All topics")), *Topic.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Guides and templates")), *GuideKind.choices],
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {
            "query": self.cleaned_data["q"],
            "topic": self.cleaned_data["topic"],
            "kind": self.cleaned_data["kind"],
        }
