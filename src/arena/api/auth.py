"""Who is calling: a personal token (Authorization: Bearer …) or the browser session."""

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, django_auth

from arena.accounts.models import User
from arena.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_authenticate(key=token)
        if user is not None:
            request.user = user
        return user


# Endpoints that need a person accept either a token or a logged-in session.
AUTH: list[Any] = [TokenAuth(), django_auth]


def optional_caller(request: HttpRequest) -> User | None:
    """The caller of a public endpoint, if any; a bad token is a 401, never silently anonymous."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _space, key = header.partition(" ")
        user = api_token_authenticate(key=key.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            raise AuthenticationError
        return user
    return request.user if request.user.is_authenticated else None
