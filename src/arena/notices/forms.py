from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from arena.notices import selectors
from arena.notices.enums import NoticeKind


class NoticeFilterForm(forms.Form):
    """The filters of the public notice list (GET); a bad value is left out, never an error page."""

    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        widget=forms.SearchInput,
        help_text=_("Words from the title, the description or the buyer's name."),
    )
    cpv = forms.ChoiceField(label=_("CPV division"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind of notice"),
        choices=[("", _("All kinds")), *NoticeKind.choices],
        required=False,
    )
    region = forms.ChoiceField(label=_("Place of performance in Sweden"), required=False)
    country = forms.RegexField(
        label=_("Country"),
        regex=r"^[A-Za-z]{2}$",
        max_length=2,
        required=False,
        help_text=_("Two letters, for example SE."),
    )
    open_only = forms.BooleanField(label=_("Open for tenders only"), required=False)
    innovation = forms.BooleanField(label=_("Innovative procurement"), required=False)
    green = forms.BooleanField(label=_("Green procurement"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cpv"].choices = [  # type: ignore[attr-defined]
            ("", _("All divisions")),
            *((c.code[:2], f"{c.code[:2]} {c.label}") for c in selectors.cpv_divisions()),
        ]
        self.fields["region"].choices = [  # type: ignore[attr-defined]
            ("", _("Anywhere")),
            *((n.code, str(n)) for n in selectors.nuts_regions_se()),
        ]

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for selectors.notice_list from the valid fields."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "cpv": data.get("cpv") or "",
            "kind": data.get("kind") or "",
            "open_only": bool(data.get("open_only")),
            "country": (data.get("country") or "").upper(),
            "nuts": data.get("region") or "",
            "innovation": bool(data.get("innovation")),
            "green": bool(data.get("green")),
        }
