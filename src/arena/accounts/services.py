import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arena.accounts.models import ApiToken, User
from arena.accounts.selectors import user_email_taken

# RFC 2606 reserves .invalid: no one receives mail there, and Arena's own stand-in accounts
# (the placeholder for deleted people) live there, so no one may sign up with such an address.
RESERVED_EMAIL_SUFFIX = ".invalid"


def email_is_reserved(*, email: str) -> bool:
    return email.strip().lower().endswith(RESERVED_EMAIL_SUFFIX)


@transaction.atomic
def user_create(*, email: str, full_name: str, password: str | None, language: str = "") -> User:
    email = email.strip().lower()
    if email_is_reserved(email=email):
        raise ValidationError({"email": _("No one can receive e-mail at this address.")})
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


def _token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for the API; the plain key is returned once and never stored."""
    key = "arena_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100] or "API", prefix=key[6:14], key_hash=_token_hash(key)
    )
    return token, key


def api_token_authenticate(*, key: str) -> User | None:
    if not key.startswith("arena_") or len(key) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_token_hash(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    # One write per hour at most: the timestamp says "in use", not an audit trail.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 3600:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def api_token_revoke(*, user: User, token_id: int) -> bool:
    deleted, _rows = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return deleted > 0
