from django import forms
from django.utils.translation import gettext_lazy as _

from arena.alerts.enums import Frequency


class SubscriptionForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("E-mail me new notices that fit"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
    )
