from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from arena.accounts.models import User


class AccountDeleteForm(forms.Form):
    """Confirms with the password, or with the e-mail address when the account has none."""

    confirmation = forms.CharField(strip=False, max_length=254)

    def __init__(self, *args: Any, user: User, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request
        field = self.fields["confirmation"]
        if user.has_usable_password():
            field.label = _("Your password")
            field.widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})
        else:
            field.label = _("Your e-mail address")
            field.help_text = _("Your account has no password: type its e-mail address.")
            field.widget = forms.EmailInput(attrs={"autocomplete": "off"})

    def clean_confirmation(self) -> str:
        value: str = self.cleaned_data["confirmation"]
        if self.user.has_usable_password():
            # Through authenticate(), not check_password(): the login lockout counts the
            # guesses here too, so a borrowed session cannot try passwords without limit.
            confirmed = authenticate(self.request, username=self.user.email, password=value)
            if confirmed is None or confirmed.pk != self.user.pk:
                raise forms.ValidationError(_("The password is not right."), code="wrong_password")
        elif value.strip().lower() != self.user.email.lower():
            raise forms.ValidationError(
                _("That is not your account's e-mail address."), code="wrong_email"
            )
        return value
