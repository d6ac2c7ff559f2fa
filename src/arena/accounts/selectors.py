from arena.accounts.models import User


def user_email_taken(*, email: str) -> bool:
    return User.objects.filter(email__iexact=email.strip()).exists()


def user_get_by_email(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()
