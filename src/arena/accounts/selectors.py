from django.db.models import QuerySet

from arena.accounts.models import ApiToken, User


def user_email_taken(*, email: str) -> bool:
    return User.objects.filter(email__iexact=email.strip()).exists()


def user_get_by_email(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)
