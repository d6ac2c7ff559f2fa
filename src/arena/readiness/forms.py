from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from arena.readiness.checklist import Item
from arena.readiness.enums import MAX_AMOUNT_SEK, AnswerStatus, Standard
from arena.readiness.espd import MAX_IMPORT_BYTES
from arena.readiness.models import ReadinessAnswer, ReadinessProfile
from arena.readiness.services import amount_too_large_message, may_be_not_applicable


def _date_field(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


def _amount_field(label: Any, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        # Without a bound, a typo of many digits overflows the 64-bit column: a 500, not an error.
        max_value=MAX_AMOUNT_SEK,
        error_messages={"max_value": lazy(amount_too_large_message, str)()},
    )


class ProfileForm(forms.Form):
    annual_turnover_sek = _amount_field(
        _("Annual turnover (SEK)"), _("The latest full financial year.")
    )
    turnover_year = forms.IntegerField(
        label=_("Financial year of the turnover"), required=False, min_value=1900, max_value=2100
    )
    insurance_cover_sek = _amount_field(_("Liability insurance cover per claim (SEK)"))
    insurance_valid_until = _date_field(_("Insurance valid until"))
    processes_personal_data = forms.BooleanField(
        label=_("We process personal data on behalf of buyers"), required=False
    )
    delivers_digital_services = forms.BooleanField(
        label=_("We deliver digital services (web, apps, e-services)"), required=False
    )
    does_works = forms.BooleanField(
        label=_("We do construction works (references count five years back)"), required=False
    )

    @classmethod
    def initial_from(cls, profile: ReadinessProfile) -> dict[str, Any]:
        return {name: getattr(profile, name) for name in cls.base_fields}


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Answer"), choices=AnswerStatus.choices)
    evidence_issued_on = _date_field(_("Evidence issued on"))
    evidence_expires_on = _date_field(_("Evidence expires on"))
    evidence_reference = forms.CharField(
        label=_("Where the evidence is kept"),
        help_text=_(
            "A file name, folder or link in your own systems. Files are not uploaded here."
        ),
        required=False,
        max_length=500,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, item: Item, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", item.id)
        super().__init__(*args, **kwargs)
        self.item = item
        if not may_be_not_applicable(item):
            self.fields["status"].choices = [  # type: ignore[attr-defined]
                choice
                for choice in AnswerStatus.choices
                if choice[0] != AnswerStatus.NOT_APPLICABLE
            ]
        if item.validity_days is not None:
            # Counted from the issue date; the company does not type it.
            del self.fields["evidence_expires_on"]
            self.fields["evidence_issued_on"].help_text = _(
                "Valid for %(days)s days from this date."
            ) % {"days": item.validity_days}
        elif not item.expiry_entered:
            self.fields["evidence_expires_on"].help_text = _("Only if the evidence expires.")

    @classmethod
    def initial_from(cls, answer: ReadinessAnswer | None) -> dict[str, Any]:
        if answer is None:
            return {}
        return {
            "status": answer.status,
            "evidence_issued_on": answer.evidence_issued_on,
            "evidence_expires_on": answer.evidence_expires_on,
            "evidence_reference": answer.evidence_reference,
            "note": answer.note,
        }


class CertificateForm(forms.Form):
    standard = forms.CharField(
        label=_("Standard"),
        help_text=_("For example %(examples)s, or the name of another scheme.")
        % {"examples": ", ".join(s.value for s in Standard if s != Standard.OTHER)},
        max_length=100,
    )
    certifying_body = forms.CharField(label=_("Certifying body"), required=False, max_length=200)
    valid_until = forms.DateField(
        label=_("Valid until"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


class EspdImportForm(forms.Form):
    file = forms.FileField(
        label=_("ESPD Response (XML)"),
        help_text=_("Exported from Arena or from an e-procurement system."),
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is too large for an ESPD Response."))
        data: bytes = upload.read(MAX_IMPORT_BYTES + 1)
        return data
