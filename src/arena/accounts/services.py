from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from arena.accounts.models import User
from arena.accounts.selectors import user_email_taken


@transaction.atomic
def user_create(*, email: str, full_name: str, password: str | None, language: str = "") -> User:
    email = email.strip().lower()
    if user_email_taken(email=email):
        raise ValidationError({"email": _("An account with this e-mail address already exists.")})
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email,
                password,
                full_name=full_name.strip(),
                language=language or settings.LANGUAGE_CODE,
            )
    except IntegrityError as error:
        raise ValidationError(
            {"email": _("An account with this e-mail address already exists.")}
        ) from error


def user_set_language(*, user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown language."))
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
